using Scheduler.Framework.Matching;

namespace Scheduler.Services.Apps;

/// <summary>One instance of an app: one Mesos task of one of the app's versions.</summary>
public sealed class AppInstance
{
    public required string TaskId { get; init; }

    public required string AppId { get; init; }

    public required int Version { get; init; }

    /// <summary>The app's launch counter at this launch: a higher number is a newer instance.</summary>
    public required int Serial { get; init; }

    /// <summary>Whether its task carries a health check; if not, running counts as healthy.</summary>
    public required bool HasHealthCheck { get; init; }

    public required string AgentId { get; set; }

    public required string Hostname { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public InstancePhase Phase { get; set; } = InstancePhase.Staging;

    /// <summary>The last health reported; null until the first check ended.</summary>
    public bool? Healthy { get; set; }

    /// <summary>The last Mesos state reported, e.g. <c>TASK_RUNNING</c>.</summary>
    public string State { get; set; } = "TASK_STAGING";

    public string? Message { get; set; }

    public required DateTimeOffset LaunchedAt { get; init; }

    /// <summary>Since when it has been healthy (running, without a health check); null while it is not.</summary>
    public DateTimeOffset? HealthySince { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The framework asked for it to end (scale down, upgrade, removal): its end is no failure.</summary>
    public bool KillRequested { get; set; }

    public DateTimeOffset? KillSentAt { get; set; }

    public bool IsActive => Phase != InstancePhase.Ended;

    /// <summary>Counts toward the app's instances: active, reachable and not being killed.</summary>
    public bool IsCounted => Phase is InstancePhase.Staging or InstancePhase.Running && !KillRequested;

    public bool IsHealthy => Phase == InstancePhase.Running && (!HasHealthCheck || Healthy == true);

    public PlacementSite Site => new(AgentId, Hostname, Attributes);
}
