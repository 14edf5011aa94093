namespace Scheduler.Master.Allocation;

/// <summary>The current time, injected so that time-dependent logic can be tested with a fake clock.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}
