namespace Scheduler.Agent.StatusUpdates;

public interface IClock
{
    DateTimeOffset Now { get; }
}
