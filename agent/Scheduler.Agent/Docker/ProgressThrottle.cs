using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Docker;

/// <summary>
/// Lets a stream of progress reports through at most once per interval: the first passes, later ones only when the
/// interval has passed since the last one let through and they say something new. The caller reports the final
/// state itself, unthrottled.
/// </summary>
public sealed class ProgressThrottle(IClock clock, TimeSpan interval)
{
    private DateTimeOffset? lastPassed;
    private string? lastText;

    public bool TryPass(string text)
    {
        var now = clock.Now;
        if (text == lastText || (lastPassed is { } last && now - last < interval))
            return false;
        lastPassed = now;
        lastText = text;
        return true;
    }
}
