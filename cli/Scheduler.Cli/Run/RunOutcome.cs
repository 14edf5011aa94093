namespace Scheduler.Cli.Run;

/// <summary>How a run ended: the exit code to leave with and what to tell the user.</summary>
public sealed record RunOutcome(int ExitCode, string? Explanation);
