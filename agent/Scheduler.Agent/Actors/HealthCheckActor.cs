using Akka.Actor;
using Scheduler.Agent.Health;
using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Actors;

/// <summary>
/// Health checks one task, a child of the agent: runs the probe when its <see cref="HealthChecker"/> says so and
/// tells the parent each change worth reporting. Stopping it aborts a probe in flight.
/// </summary>
public sealed class HealthCheckActor : ReceiveActor, IWithTimers
{
    private readonly (string Framework, string Task) _key;
    private readonly IHealthCheck _check;
    private readonly HealthCheckPolicy _policy;
    private readonly HealthChecker _checker;
    private readonly CancellationTokenSource _stopping = new();

    public HealthCheckActor((string Framework, string Task) key, IHealthCheck check, HealthCheckPolicy policy, IClock clock)
    {
        _key = key;
        _check = check;
        _policy = policy;
        _checker = new HealthChecker(policy, clock);
        Receive<CheckNow>(_ => HealthChecks.RunAsync(_check, _policy.Timeout, _stopping.Token)
            .PipeTo(Self, failure: error => HealthCheckResult.Failed(error.GetBaseException().Message)));
        Receive<HealthCheckResult>(result =>
        {
            if (_checker.Record(result) is { } change) Context.Parent.Tell(new HealthChanged(_key, change));
            ScheduleNext();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props((string Framework, string Task) key, IHealthCheck check, HealthCheckPolicy policy, IClock clock) =>
        Akka.Actor.Props.Create(() => new HealthCheckActor(key, check, policy, clock));

    protected override void PreStart() => ScheduleNext();

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void ScheduleNext() => Timers.StartSingleTimer("check", CheckNow.Instance, _checker.UntilNextCheck);

    /// <summary>The task's health changed in a way the framework must hear about.</summary>
    public sealed record HealthChanged((string Framework, string Task) Key, TaskHealthChange Change);

    private sealed record CheckNow
    {
        public static readonly CheckNow Instance = new();
    }
}
