namespace Scheduler.Resources;

/// <summary>The shape of a resource's value, as Mesos's Value.Type (TEXT is not a resource kind).</summary>
public enum ResourceKind
{
    Scalar,
    Ranges,
    Set,
}
