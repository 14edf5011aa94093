using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Operator;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using EventType = Scheduler.Protocol.V1.MasterApi.Event.Types.Type;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Operator;

/// <summary>The operator events the master's changes make, as Mesos's master sends them.</summary>
[TestFixture]
public sealed class OperatorEventsTests
{
    private MasterUnderTest _master = null!;
    private List<Event> _events = null!;

    [SetUp]
    public void SetUp()
    {
        _master = new MasterUnderTest();
        _events = new List<Event>();
        _master.Core.Changed = change =>
        {
            if (OperatorEvents.From(change, _master.Core, new MasterSettings()) is { } operatorEvent) _events.Add(operatorEvent);
        };
    }

    [Test]
    public void A_registered_agent_is_added_with_its_resources()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");

        var added = _events.Single();
        Assert.That(added.Type, Is.EqualTo(EventType.AgentAdded));
        Assert.That(added.AgentAdded.Agent.AgentInfo.Id.Value, Is.EqualTo(agentId));
        Assert.That(added.AgentAdded.Agent.TotalResources.Single(r => r.Name == "cpus").Scalar.Value, Is.EqualTo(2));
    }

    [Test]
    public void A_new_framework_is_added_and_a_resubscription_updates_it()
    {
        var framework = _master.Subscribe("batch");
        _master.Subscribe(Frameworks.Named("batch").WithId(framework.Id));

        Assert.That(_events.Select(e => e.Type), Is.EqualTo(new[] { EventType.FrameworkAdded, EventType.FrameworkUpdated }));
        Assert.That(_events[0].FrameworkAdded.Framework.FrameworkInfo.Id.Value, Is.EqualTo(framework.Id));
        Assert.That(_events[0].FrameworkAdded.Framework.Connected, Is.True);
        Assert.That(_events[1].FrameworkUpdated.Framework.FrameworkInfo.Name, Is.EqualTo("batch"));
    }

    [Test]
    public void A_launched_task_is_added_then_updated_on_each_new_state()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        _events.Clear();

        var run = _master.Launch(framework, "web-1", "cpus:1;mem:128");
        _master.Report(run, TaskState.TaskRunning);
        _master.Report(run, TaskState.TaskRunning);
        _master.Report(run, TaskState.TaskFinished);

        Assert.That(_events.Select(e => e.Type),
            Is.EqualTo(new[] { EventType.TaskAdded, EventType.TaskUpdated, EventType.TaskUpdated }), "a repeated state is not told again");
        Assert.That(_events[0].TaskAdded.Task.TaskId.Value, Is.EqualTo("web-1"));
        Assert.That(_events[0].TaskAdded.Task.State, Is.EqualTo(TaskState.TaskStaging));
        var finished = _events[2].TaskUpdated;
        Assert.Multiple(() =>
        {
            Assert.That(_events[1].TaskUpdated.State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(finished.FrameworkId.Value, Is.EqualTo(framework.Id));
            Assert.That(finished.Status.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(finished.Status.State, Is.EqualTo(TaskState.TaskFinished));
            Assert.That(finished.State, Is.EqualTo(TaskState.TaskFinished));
        });
    }

    [Test]
    public void A_task_added_event_keeps_the_state_of_its_moment()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var run = _master.Launch(framework, "web-1", "cpus:1;mem:128");
        var added = _events.Single(e => e.Type == EventType.TaskAdded);

        _master.Report(run, TaskState.TaskRunning);

        Assert.That(added.TaskAdded.Task.State, Is.EqualTo(TaskState.TaskStaging));
    }

    [Test]
    public void A_health_check_result_is_told_even_in_the_same_state()
    {
        var task = new Protocol.V1.Task { TaskId = new TaskID { Value = "web-1" }, FrameworkId = new FrameworkID { Value = "f" }, State = TaskState.TaskRunning };
        var status = new TaskStatus
        {
            TaskId = task.TaskId, State = TaskState.TaskRunning, Healthy = false,
            Reason = TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated,
        };

        var told = OperatorEvents.From(new MasterChange.TaskUpdated(task, status, TaskState.TaskRunning), _master.Core, new MasterSettings());
        var repeated = OperatorEvents.From(new MasterChange.TaskUpdated(task, new TaskStatus { TaskId = task.TaskId, State = TaskState.TaskRunning },
            TaskState.TaskRunning), _master.Core, new MasterSettings());

        Assert.That(told?.TaskUpdated.Status.Healthy, Is.False);
        Assert.That(repeated, Is.Null);
    }

    [Test]
    public void An_unreachable_agent_is_removed_and_its_tasks_updated()
    {
        var agentId = _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe(Frameworks.Named("batch").PartitionAware());
        var run = _master.Launch(framework, "web-1", "cpus:1;mem:128");
        _master.Report(run, TaskState.TaskRunning);
        _events.Clear();

        _master.Core.AgentUnreachable(agentId);

        Assert.That(_events.Single(e => e.Type == EventType.AgentRemoved).AgentRemoved.AgentId.Value, Is.EqualTo(agentId));
        Assert.That(_events.Single(e => e.Type == EventType.TaskUpdated).TaskUpdated.State, Is.EqualTo(TaskState.TaskUnreachable));
    }

    [Test]
    public void A_torn_down_framework_has_its_tasks_killed_and_is_removed()
    {
        _master.AddAgent("cpus:2;mem:1024");
        var framework = _master.Subscribe("batch");
        var run = _master.Launch(framework, "web-1", "cpus:1;mem:128");
        _master.Report(run, TaskState.TaskRunning);
        _events.Clear();

        _master.Call(framework, Calls.Teardown(framework.Id));

        Assert.That(_events.Select(e => e.Type), Is.EqualTo(new[] { EventType.TaskUpdated, EventType.FrameworkRemoved }));
        Assert.That(_events[0].TaskUpdated.State, Is.EqualTo(TaskState.TaskKilled));
        Assert.That(_events[0].TaskUpdated.Status.Reason, Is.EqualTo(TaskStatus.Types.Reason.FrameworkRemoved));
        Assert.That(_events[1].FrameworkRemoved.FrameworkInfo.Id.Value, Is.EqualTo(framework.Id));
    }

    [Test]
    public void Subscribed_carries_the_state_and_the_heartbeat_interval()
    {
        var state = new Response.Types.GetState { GetAgents = new Response.Types.GetAgents() };

        var subscribed = OperatorEvents.Subscribed(state, TimeSpan.FromSeconds(15));

        Assert.That(subscribed.Type, Is.EqualTo(EventType.Subscribed));
        Assert.That(subscribed.Subscribed.HeartbeatIntervalSeconds, Is.EqualTo(15));
        Assert.That(subscribed.Subscribed.GetState, Is.SameAs(state));
    }
}
