namespace Scheduler.Master.Allocation;

/// <summary>Why a framework received nothing in an allocation cycle.</summary>
public enum NoOfferReason
{
    /// <summary>The framework is deactivated (for example, disconnected).</summary>
    Inactive,

    /// <summary>The framework suppressed offers.</summary>
    Suppressed,

    /// <summary>Its refusal filters excluded every agent that had resources left for it.</summary>
    Filtered,

    /// <summary>No agent had enough left that the framework's roles may use.</summary>
    NothingLeft,

    /// <summary>Its role, or a role above it, holds as much as its quota limit allows.</summary>
    QuotaLimitReached,
}
