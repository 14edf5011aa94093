namespace Scheduler.Agent.Tasks;

/// <summary>
/// What a task runs with when it does not say: the agent's pids limit (null: none) and, as in Mesos, the user
/// of its framework when its command names none.
/// </summary>
public sealed record LaunchDefaults(long? PidsLimit, string? FrameworkUser)
{
    public static readonly LaunchDefaults None = new(null, null);

    /// <summary>The task label that overrides the agent's pids limit for one task, a positive integer.</summary>
    public const string PidsLimitLabel = "pids_limit";
}
