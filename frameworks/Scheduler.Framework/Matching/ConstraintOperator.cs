namespace Scheduler.Framework.Matching;

/// <summary>Marathon's placement constraint operators.</summary>
public enum ConstraintOperator
{
    /// <summary>At most one task per value of the field.</summary>
    Unique,

    /// <summary>Every task on the same value: the constraint's value, or else the value of the first placement.</summary>
    Cluster,

    /// <summary>Spread tasks evenly across the values of the field (across at least N values when given).</summary>
    GroupBy,

    /// <summary>Only where the field's value matches the regular expression.</summary>
    Like,

    /// <summary>Only where the field's value does not match the regular expression, or the agent lacks the field.</summary>
    Unlike,

    /// <summary>At most N tasks per value of the field.</summary>
    MaxPer,
}
