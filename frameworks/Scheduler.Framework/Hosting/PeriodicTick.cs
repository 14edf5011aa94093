namespace Scheduler.Framework.Hosting;

/// <summary>
/// Calls a piece of work at a fixed interval until disposed. A failing call is logged and the next one comes as
/// planned; disposing waits for a call under way.
/// </summary>
public sealed class PeriodicTick : IAsyncDisposable
{
    private static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <param name="name">What ticks, for the log: "batch".</param>
    public PeriodicTick(string name, TimeSpan interval, Func<Task> tick, TimeProvider? time = null)
    {
        loop = RunAsync(name, new PeriodicTimer(interval, time ?? TimeProvider.System), tick, stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await loop;
        stopping.Dispose();
    }

    private static async Task RunAsync(string name, PeriodicTimer timer, Func<Task> tick, CancellationToken cancel)
    {
        using var ticks = timer;
        try
        {
            while (await ticks.WaitForNextTickAsync(cancel))
            {
                try { await tick(); }
                catch (Exception e) when (e is not OperationCanceledException) { Log.Warn(e, "Timer tick of {Name} failed", name); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
