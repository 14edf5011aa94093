namespace Scheduler.Cli.Run;

/// <summary>What <c>sched run</c> was asked to run.</summary>
public sealed record RunRequest(IReadOnlyList<string> Command, double Cpus, double MemoryMegabytes, string? Name = null)
{
    /// <summary>One argument is run by the shell (so pipes and globs work); several are run as given.</summary>
    public bool UsesShell => Command.Count == 1;

    /// <summary>Run in this Docker image rather than on the agent's own filesystem.</summary>
    public string? DockerImage { get; init; }

    /// <summary>URIs the agent fetches into the task's sandbox before the command starts (<c>CommandInfo.uris</c>).</summary>
    public IReadOnlyList<string> Uris { get; init; } = [];
}
