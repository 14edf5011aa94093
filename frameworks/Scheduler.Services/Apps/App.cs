using Scheduler.Services.Specs;

namespace Scheduler.Services.Apps;

/// <summary>
/// An app as the framework keeps it: its current version (the spec, with the instance count scaling set), its
/// instances of every version still known, the running deployment, and the backoff after failures.
/// </summary>
public sealed class App
{
    public required string Id { get; init; }

    /// <summary>The current version's spec; <c>Instances</c> is the count wanted now.</summary>
    public required AppSpec Spec { get; set; }

    /// <summary>The text the current version was read from.</summary>
    public required string Source { get; set; }

    /// <summary>1 for the first version; each new configuration or restart adds one.</summary>
    public required int Version { get; set; }

    public required DateTimeOffset VersionAt { get; set; }

    public List<AppInstance> Instances { get; } = [];

    public Deployment? Deployment { get; set; }

    /// <summary>The instances' ends that were not asked for, in a row; each lengthens the wait before the next launch.</summary>
    public int Failures { get; set; }

    /// <summary>No launch before this time (the backoff after the last failure).</summary>
    public DateTimeOffset? DelayUntil { get; set; }

    /// <summary>How many instances were ever launched.</summary>
    public int LaunchCount { get; set; }

    public string? LastFailure { get; set; }

    /// <summary>Deleted: every instance is to be killed, then the app forgotten.</summary>
    public bool Removed { get; set; }

    /// <summary>Why the last offers taken in did not place its waiting instances; not kept across restarts.</summary>
    public string? UnplacedReason { get; set; }

    public int Target => Removed ? 0 : Spec.Instances;

    public IEnumerable<AppInstance> Active => Instances.Where(instance => instance.IsActive);

    /// <summary>Instances of the current version that count toward the target.</summary>
    public IEnumerable<AppInstance> Current => Instances.Where(instance => instance.Version == Version && instance.IsCounted);

    /// <summary>Active instances of older versions, those being killed included.</summary>
    public IEnumerable<AppInstance> Old => Instances.Where(instance => instance.Version != Version && instance.IsActive);
}
