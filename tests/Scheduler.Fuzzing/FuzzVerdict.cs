namespace Scheduler.Fuzzing;

/// <summary>What became of an input that broke nothing.</summary>
public enum FuzzVerdict
{
    /// <summary>Refused with a documented error: a parse error (HTTP 400) or a validation message.</summary>
    Rejected,

    /// <summary>Decoded, validated and, for the master's core, carried out.</summary>
    Accepted,
}
