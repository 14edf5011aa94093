using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// An agent the master loses contact with, and that comes back, after Mesos's PartitionTest
/// (PartitionedSlave, ReregisterSlavePartitionAware, ReregisterSlaveNotPartitionAware, PartitionedSlaveOrphanedTask,
/// SpuriousSlaveReregistration), ReconciliationTest.RecoveredAgent and MasterSlaveReconciliationTest.ReconcileLostTask.
/// </summary>
[TestFixture]
public sealed class MasterCorePartitionTests
{
    private const string AgentResources = "cpus:2;mem:1024";
    private MasterUnderTest _master = null!;
    private string _agentId = null!;

    [SetUp]
    public void StartAMasterWithOneAgent()
    {
        _master = new MasterUnderTest();
        _agentId = _master.AddAgent(AgentResources);
    }

    [Test]
    public void A_framework_that_is_not_partition_aware_hears_TASK_LOST_and_the_task_is_kept_as_unreachable()
    {
        var (framework, run) = RunningTask(Frameworks.Named("batch"));

        var effects = _master.Core.AgentUnreachable(_agentId);

        var update = effects.UpdatesTo(framework.Id).Single();
        var record = _master.Record(framework);
        Assert.Multiple(() =>
        {
            Assert.That(update.State, Is.EqualTo(TaskState.TaskLost));
            Assert.That(update.Reason, Is.EqualTo(TaskStatus.Types.Reason.AgentRemoved));
            Assert.That(update.Source, Is.EqualTo(TaskStatus.Types.Source.Master));
            Assert.That(update.Message, Does.Contain("unreachable"));
            Assert.That(update.UnreachableTime?.Nanoseconds, Is.EqualTo(_master.Clock.Now.ToUnixTimeMilliseconds() * 1_000_000));
            Assert.That(record.Tasks, Is.Empty, "running tasks");
            Assert.That(record.UnreachableTasks.Keys, Is.EqualTo(new[] { run.Task.TaskId.Value }));
            Assert.That(record.CompletedTasks, Is.Empty, "completed tasks");
            Assert.That(effects.Persisted<AgentMarkedUnreachable>().Select(e => e.AgentInfo.Id.Value), Is.EqualTo(new[] { _agentId }));
            Assert.That(effects.EventsTo(framework.Id).Count(e => e.Type == Event.Types.Type.Failure && e.Failure.AgentId.Value == _agentId),
                Is.EqualTo(1), "agent lost");
            Assert.That(_master.Core.Agents, Is.Empty, "registered agents");
            Assert.That(_master.Core.UnreachableAgents.Select(a => a.AgentInfo.Id.Value), Is.EqualTo(new[] { _agentId }));
        });
    }

    [Test]
    public void A_partition_aware_framework_hears_TASK_UNREACHABLE()
    {
        var (framework, _) = RunningTask(Frameworks.Named("web").PartitionAware());

        var update = _master.Core.AgentUnreachable(_agentId).UpdatesTo(framework.Id).Single();

        Assert.Multiple(() =>
        {
            Assert.That(update.State, Is.EqualTo(TaskState.TaskUnreachable));
            Assert.That(update.Reason, Is.EqualTo(TaskStatus.Types.Reason.AgentRemoved));
        });
    }

    [Test]
    public void An_unreachable_agents_resources_are_no_longer_offered_and_its_offers_are_rescinded()
    {
        var framework = _master.Subscribe("batch");
        var offer = _master.SingleOfferTo(framework);

        var effects = _master.Core.AgentUnreachable(_agentId);
        var offersAfter = _master.AllocateOffersTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(effects.EventsTo(framework.Id).Where(e => e.Type == Event.Types.Type.Rescind).Select(e => e.Rescind.OfferId.Value),
                Is.EqualTo(new[] { offer.Id.Value }));
            Assert.That(offersAfter, Is.Empty);
            Assert.That(_master.Core.Offers, Is.Empty);
        });
    }

    [Test]
    public void Explicit_reconciliation_of_an_unreachable_task_tells_its_state_and_since_when_and_implicit_reconciliation_leaves_it_out()
    {
        var (framework, run) = RunningTask(Frameworks.Named("web").PartitionAware());
        _master.Core.AgentUnreachable(_agentId);

        var explicitly = _master.Call(framework, Calls.Reconcile(framework.Id, run.Task.TaskId.Value)).UpdatesTo(framework.Id);
        var implicitly = _master.Call(framework, Calls.Reconcile(framework.Id)).UpdatesTo(framework.Id);

        Assert.Multiple(() =>
        {
            Assert.That(explicitly.Select(u => (u.State, u.Reason)),
                Is.EqualTo(new[] { (TaskState.TaskUnreachable, TaskStatus.Types.Reason.Reconciliation) }));
            Assert.That(explicitly.Single().UnreachableTime, Is.Not.Null, "unreachable_time");
            Assert.That(implicitly, Is.Empty);
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void An_unreachable_agent_that_reregisters_brings_its_tasks_back_running(bool partitionAware)
    {
        var subscribe = partitionAware ? Frameworks.Named("web").PartitionAware() : Frameworks.Named("batch");
        var (framework, run) = RunningTask(subscribe);
        _master.Core.AgentUnreachable(_agentId);
        _master.Clock.Advance(TimeSpan.FromMinutes(1));

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources, (run, TaskState.TaskRunning)));
        var reconciled = _master.Call(framework, Calls.Reconcile(framework.Id, run.Task.TaskId.Value)).UpdatesTo(framework.Id);
        var implicitly = _master.Call(framework, Calls.Reconcile(framework.Id)).UpdatesTo(framework.Id);

        var record = _master.Record(framework);
        Assert.Multiple(() =>
        {
            Assert.That(effects.Persisted<AgentMarkedReachable>().Select(e => e.AgentInfo.Id.Value), Is.EqualTo(new[] { _agentId }));
            Assert.That(effects.Persisted<AgentAdmitted>(), Is.Empty);
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => (u.State, u.Reason)),
                Is.EqualTo(new[] { (TaskState.TaskRunning, TaskStatus.Types.Reason.AgentReregistered) }));
            Assert.That(reconciled.Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskRunning }));
            Assert.That(implicitly.Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskRunning }));
            Assert.That(record.UnreachableTasks, Is.Empty);
            Assert.That(record.Tasks.Keys, Is.EqualTo(new[] { run.Task.TaskId.Value }));
            Assert.That(_master.Core.UnreachableAgents, Is.Empty);
            Assert.That(_master.Agent(_agentId).Used.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:512")));
        });
    }

    [Test]
    public void A_task_the_returning_agent_no_longer_has_is_gone()
    {
        var (framework, run) = RunningTask(Frameworks.Named("web").PartitionAware());
        _master.Core.AgentUnreachable(_agentId);

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources));

        var record = _master.Record(framework);
        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskGone }));
            Assert.That(record.UnreachableTasks, Is.Empty);
            Assert.That(record.CompletedTasks.Select(t => t.TaskId.Value), Is.EqualTo(new[] { run.Task.TaskId.Value }));
        });
    }

    [Test]
    public void A_task_the_returning_agent_reports_ended_is_not_gone_but_ended_as_the_agent_says()
    {
        var (framework, run) = RunningTask(Frameworks.Named("web").PartitionAware());
        _master.Core.AgentUnreachable(_agentId);

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources, (run, TaskState.TaskFinished)));
        var reconciled = _master.Call(framework, Calls.Reconcile(framework.Id, run.Task.TaskId.Value)).UpdatesTo(framework.Id);

        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => (u.State, u.Reason)),
                Is.EqualTo(new[] { (TaskState.TaskFinished, TaskStatus.Types.Reason.AgentReregistered) }),
                "TASK_GONE here, then the agent's own TASK_FINISHED, would end the task twice");
            Assert.That(reconciled.Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskFinished }));
            Assert.That(_master.Record(framework).UnreachableTasks, Is.Empty);
            Assert.That(_master.Record(framework).CompletedTasks.Select(t => (t.TaskId.Value, t.State)),
                Is.EqualTo(new[] { (run.Task.TaskId.Value, TaskState.TaskFinished) }));
        });
    }

    [Test]
    public void Tasks_of_a_framework_torn_down_while_the_agent_was_unreachable_are_shut_down_when_it_returns()
    {
        var (framework, run) = RunningTask(Frameworks.Named("batch"));
        _master.Core.AgentUnreachable(_agentId);
        _master.Call(framework, Calls.Teardown(framework.Id));

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources, (run, TaskState.TaskRunning)));

        Assert.Multiple(() =>
        {
            Assert.That(effects.MessagesTo<ShutdownFramework>(_agentId).Select(m => m.FrameworkId.Value), Is.EqualTo(new[] { framework.Id }));
            Assert.That(_master.Core.OrphanTasks, Is.Empty, "orphan tasks");
            Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
        });
    }

    [Test]
    public void A_framework_torn_down_while_its_agent_is_unreachable_completes_the_unreachable_tasks_as_killed()
    {
        var (framework, run) = RunningTask(Frameworks.Named("web").PartitionAware());
        _master.Core.AgentUnreachable(_agentId);

        _master.Call(framework, Calls.Teardown(framework.Id));

        var record = _master.Core.CompletedFrameworks.Single(f => f.Id == framework.Id);
        Assert.Multiple(() =>
        {
            Assert.That(record.UnreachableTasks, Is.Empty, "unreachable tasks");
            Assert.That(record.CompletedTasks.Select(t => (t.TaskId.Value, t.State)),
                Is.EqualTo(new[] { (run.Task.TaskId.Value, TaskState.TaskKilled) }));
        });
    }

    [Test]
    public void A_spurious_reregistration_of_a_registered_agent_changes_nothing()
    {
        var (framework, run) = RunningTask(Frameworks.Named("batch"));

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources, (run, TaskState.TaskRunning)));

        Assert.Multiple(() =>
        {
            Assert.That(effects, Is.Empty);
            Assert.That(_master.Record(framework).Tasks.Keys, Is.EqualTo(new[] { run.Task.TaskId.Value }));
            Assert.That(_master.Agent(_agentId).Active, Is.True);
        });
    }

    [TestCase(false, TaskState.TaskLost)]
    [TestCase(true, TaskState.TaskDropped)]
    public void A_task_a_disconnected_agent_does_not_report_when_it_reregisters_is_lost(bool partitionAware, TaskState expected)
    {
        var subscribe = partitionAware ? Frameworks.Named("web").PartitionAware() : Frameworks.Named("batch");
        var framework = _master.Subscribe(subscribe);
        var run = _master.Launch(framework, "web-1", "cpus:1;mem:512");
        _master.Core.AgentDisconnected(_agentId);

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources));

        var update = effects.UpdatesTo(framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That((update.TaskId.Value, update.State, update.Reason),
                Is.EqualTo((run.Task.TaskId.Value, expected, TaskStatus.Types.Reason.Reconciliation)));
            Assert.That(_master.Record(framework).Tasks, Is.Empty);
            Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
        });
    }

    [Test]
    public void A_task_still_staging_on_a_connected_agent_that_reregisters_is_kept()
    {
        var framework = _master.Subscribe("batch");
        _master.Launch(framework, "web-1", "cpus:1;mem:512");

        var effects = _master.Core.ReregisterAgent(Reregistrations.Of(_agentId, AgentResources));

        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(framework.Id), Is.Empty);
            Assert.That(_master.Record(framework).Tasks, Has.Count.EqualTo(1));
        });
    }

    private (SubscribedFramework Framework, RunTask Run) RunningTask(Call.Types.Subscribe subscribe)
    {
        var framework = _master.Subscribe(subscribe);
        var run = _master.Launch(framework, "web-1", "cpus:1;mem:512");
        _master.Report(run, TaskState.TaskRunning);
        return (framework, run);
    }
}
