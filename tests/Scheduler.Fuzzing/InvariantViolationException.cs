namespace Scheduler.Fuzzing;

/// <summary>The code under fuzzing returned normally but left its state inconsistent.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
