namespace Scheduler.Benchmarks;

/// <summary>
/// How long one agent took to bring a batch of tasks to TASK_RUNNING and then to destroy them all, and when half of
/// them had got there.
/// </summary>
public sealed record AgentLaunchResult(int Tasks, TimeSpan Launch, TimeSpan Destroy, TimeSpan HalfLaunched, TimeSpan HalfDestroyed);
