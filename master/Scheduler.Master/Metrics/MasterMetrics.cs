using Prometheus;
using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;

namespace Scheduler.Master.Metrics;

/// <summary>
/// The master's gauges and counters, in Prometheus form at <c>/metrics</c> and in Mesos's key names at
/// <c>/metrics/snapshot</c>. The master actor refreshes them after each allocation cycle.
/// </summary>
public sealed class MasterMetrics
{
    private readonly Gauge _agents;
    private readonly Gauge _frameworks;
    private readonly Gauge _tasks;
    private readonly Gauge _offers;
    private readonly Histogram _allocationSeconds;
    private readonly Counter _offersMade;
    private readonly object _lock = new();
    private Dictionary<string, double> _snapshot = new();

    public MasterMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _agents = factory.CreateGauge("scheduler_master_agents", "Registered agents", "state");
        _frameworks = factory.CreateGauge("scheduler_master_frameworks", "Frameworks", "state");
        _tasks = factory.CreateGauge("scheduler_master_tasks", "Tasks by state", "state");
        _offers = factory.CreateGauge("scheduler_master_outstanding_offers", "Offers not yet answered");
        _offersMade = factory.CreateCounter("scheduler_master_offers_total", "Offers made");
        _allocationSeconds = factory.CreateHistogram("scheduler_allocator_cycle_seconds", "Time of one allocation cycle",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
    }

    public CollectorRegistry Registry { get; }

    public void Refresh(MasterCore core, TimeSpan allocationTime, int offersMade)
    {
        var activeAgents = core.Agents.Count(a => a.Active);
        var connected = core.Frameworks.Count(f => f.Connected);
        var tasks = core.Frameworks.SelectMany(f => f.Tasks.Values).GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
        _agents.WithLabels("active").Set(activeAgents);
        _agents.WithLabels("inactive").Set(core.Agents.Count - activeAgents);
        _frameworks.WithLabels("connected").Set(connected);
        _frameworks.WithLabels("disconnected").Set(core.Frameworks.Count - connected);
        foreach (var state in new[] { TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling })
            _tasks.WithLabels(Protocol.ProtoEnumNames.Of(state)).Set(tasks.GetValueOrDefault(state));
        _offers.Set(core.Offers.Count);
        _offersMade.Inc(offersMade);
        _allocationSeconds.Observe(allocationTime.TotalSeconds);

        var snapshot = new Dictionary<string, double>
        {
            ["master/elected"] = 1,
            ["master/slaves_active"] = activeAgents,
            ["master/slaves_inactive"] = core.Agents.Count - activeAgents,
            ["master/frameworks_connected"] = connected,
            ["master/frameworks_disconnected"] = core.Frameworks.Count - connected,
            ["master/frameworks_active"] = core.Frameworks.Count(f => f.Active),
            ["master/tasks_staging"] = tasks.GetValueOrDefault(TaskState.TaskStaging),
            ["master/tasks_starting"] = tasks.GetValueOrDefault(TaskState.TaskStarting),
            ["master/tasks_running"] = tasks.GetValueOrDefault(TaskState.TaskRunning),
            ["master/outstanding_offers"] = core.Offers.Count,
            ["allocator/allocation_run_ms"] = allocationTime.TotalMilliseconds,
        };
        lock (_lock) _snapshot = snapshot;
    }

    public IReadOnlyDictionary<string, double> Snapshot()
    {
        lock (_lock) return _snapshot;
    }
}
