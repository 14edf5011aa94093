using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Master;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The master options, named as Mesos's, for how long an agent may stay unreachable before the master marks it
/// unreachable: <c>--agent-ping-timeout</c> × <c>--max-agent-ping-timeouts</c> (15 s × 5 = 75 s by default).
/// The cluster's failure detector notices the loss; these only set how long the master then waits.
/// </summary>
public sealed class AgentPingOptions
{
    public Option<string> PingTimeout { get; } = new("--agent-ping-timeout")
    {
        Description = "With --max-agent-ping-timeouts, how long an unreachable agent is waited for before its tasks are " +
            "TASK_UNREACHABLE (or TASK_LOST), e.g. 15secs, 500ms",
        DefaultValueFactory = _ => "15secs",
    };

    public Option<int> MaxPingTimeouts { get; } = new("--max-agent-ping-timeouts")
    {
        Description = "How many --agent-ping-timeout an unreachable agent is given",
        DefaultValueFactory = _ => 5,
    };

    public IEnumerable<Option> All => [PingTimeout, MaxPingTimeouts];

    /// <summary>The settings with the product of the two options as the agent unreachable timeout, or the first option's error.</summary>
    public bool TryApply(ParseResult parse, MasterSettings settings, [NotNullWhen(true)] out MasterSettings? applied,
        [NotNullWhen(false)] out string? error)
    {
        applied = null;
        if (!AgentRuntimeOptions.TryParseDuration(parse.GetValue(PingTimeout) ?? "", out var timeout) || timeout <= TimeSpan.Zero)
        {
            error = "--agent-ping-timeout: expected a positive number and a unit (ms, secs, mins, hrs), e.g. 15secs";
            return false;
        }
        var count = parse.GetValue(MaxPingTimeouts);
        if (count < 1)
        {
            error = "--max-agent-ping-timeouts: must be at least 1";
            return false;
        }
        applied = settings with { AgentUnreachableTimeout = timeout * count };
        error = null;
        return true;
    }
}
