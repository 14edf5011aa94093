namespace Scheduler.Services.Apps;

/// <summary>Where an instance's task is in its life, as far as the framework knows.</summary>
public enum InstancePhase
{
    /// <summary>Launched: staging or starting on its agent.</summary>
    Staging,

    Running,

    /// <summary>Its agent is cut off; it may come back. It does not count toward the app's instances meanwhile.</summary>
    Unreachable,

    Ended,
}
