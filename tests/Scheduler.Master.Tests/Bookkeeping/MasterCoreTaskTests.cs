using Google.Protobuf;
using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Running tasks: status updates, acknowledgements, kills, teardown and reconciliation.</summary>
[TestFixture]
public sealed class MasterCoreTaskTests
{
    private MasterUnderTest _master = null!;
    private string _agentId = null!;
    private SubscribedFramework _framework = null!;

    [SetUp]
    public void SetUp()
    {
        _master = new MasterUnderTest();
        _agentId = _master.AddAgent("cpus:2;mem:1024");
        _framework = _master.Subscribe("batch");
    }

    [Test]
    public void A_status_update_updates_the_task_and_is_forwarded_to_the_framework()
    {
        var run = _master.Launch(_framework, "web-1", "cpus:2;mem:1024");

        var (status, effects) = _master.Report(run, TaskState.TaskRunning);

        var forwarded = effects.UpdatesTo(_framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(forwarded.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(forwarded.State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(forwarded.Uuid, Is.EqualTo(status.Uuid));
            Assert.That(_master.Record(_framework).Tasks["web-1"].State, Is.EqualTo(TaskState.TaskRunning));
            Assert.That(effects.AllAgentMessages(), Is.Empty, "only the framework acknowledges");
        });
    }

    [Test]
    public void A_terminal_update_completes_the_task_and_frees_its_resources_for_the_next_offer()
    {
        var run = _master.Launch(_framework, "web-1", "cpus:2;mem:1024");
        _master.Report(run, TaskState.TaskRunning);
        var offersWhileRunning = _master.AllocateOffersTo(_framework);

        var (_, effects) = _master.Report(run, TaskState.TaskFinished);
        var offersAfter = _master.AllocateOffersTo(_framework);

        var record = _master.Record(_framework);
        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(_framework.Id).Single().State, Is.EqualTo(TaskState.TaskFinished));
            Assert.That(record.Tasks, Is.Empty);
            Assert.That(record.CompletedTasks.Select(t => (t.TaskId.Value, t.State)),
                Is.EqualTo(new[] { ("web-1", TaskState.TaskFinished) }));
            Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
            Assert.That(offersWhileRunning, Is.Empty);
            Assert.That(offersAfter, Has.Count.EqualTo(1));
            Assert.That(ResourceSet.FromProto(offersAfter[0].Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
        });
    }

    [Test]
    public void A_repeated_terminal_update_does_not_free_the_resources_twice()
    {
        var run = _master.Launch(_framework, "web-1", "cpus:1;mem:512");
        _master.Report(run, TaskState.TaskFinished);
        var (_, effects) = _master.Report(run, TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(effects.UpdatesTo(_framework.Id), Has.Count.EqualTo(1), "still forwarded so the agent gets its acknowledgement");
            Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
            Assert.That(_master.Record(_framework).CompletedTasks, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void An_update_for_a_framework_the_master_does_not_know_is_acknowledged_by_the_master()
    {
        var uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        var update = new StatusUpdateReported
        {
            FrameworkId = new FrameworkID { Value = "gone-0001" },
            Status = new TaskStatus
            {
                TaskId = new TaskID { Value = "orphan" }, AgentId = new AgentID { Value = _agentId },
                State = TaskState.TaskFinished, Uuid = uuid,
            },
        };

        var effects = _master.Core.StatusUpdateReported(update);

        var ack = effects.MessagesTo<AcknowledgeStatusUpdate>(_agentId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ack.FrameworkId.Value, Is.EqualTo("gone-0001"));
            Assert.That(ack.TaskId.Value, Is.EqualTo("orphan"));
            Assert.That(ack.Uuid, Is.EqualTo(uuid));
        });
    }

    [Test]
    public void An_acknowledgement_is_forwarded_to_the_agent_that_sent_the_update()
    {
        var run = _master.Launch(_framework, "web-1", "cpus:1;mem:512");
        var (status, _) = _master.Report(run, TaskState.TaskRunning);

        var effects = _master.Call(_framework, Calls.Acknowledge(_framework.Id, status));

        var ack = effects.MessagesTo<AcknowledgeStatusUpdate>(_agentId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ack.AgentId.Value, Is.EqualTo(_agentId));
            Assert.That(ack.FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(ack.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(ack.Uuid, Is.EqualTo(status.Uuid));
        });
    }

    [Test]
    public void Killing_a_known_task_asks_its_agent_to_kill_it()
    {
        _master.Launch(_framework, "web-1", "cpus:1;mem:512");

        var effects = _master.Call(_framework, Calls.Kill(_framework.Id, "web-1"));

        var kill = effects.MessagesTo<KillTask>(_agentId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(kill.FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(kill.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(effects.UpdatesTo(_framework.Id), Is.Empty);
        });
    }

    [Test]
    public void Killing_an_unknown_task_answers_task_lost()
    {
        var effects = _master.Call(_framework, Calls.Kill(_framework.Id, "never-launched"));

        var update = effects.UpdatesTo(_framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.TaskId.Value, Is.EqualTo("never-launched"));
            Assert.That(update.State, Is.EqualTo(TaskState.TaskLost));
            Assert.That(update.Source, Is.EqualTo(TaskStatus.Types.Source.Master));
            Assert.That(effects.AllAgentMessages(), Is.Empty);
        });
    }

    [Test]
    public void Teardown_shuts_the_framework_down_on_its_agents_closes_its_stream_and_forgets_it()
    {
        _master.Launch(_framework, "web-1", "cpus:2;mem:1024");
        var otherAgent = _master.AddAgent("cpus:2;mem:1024", "idle.example.org");
        var outstanding = _master.SingleOfferTo(_framework);

        var effects = _master.Call(_framework, Calls.Teardown(_framework.Id));

        Assert.Multiple(() =>
        {
            Assert.That(effects.MessagesTo<ShutdownFramework>(_agentId).Single().FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(effects.MessagesTo<ShutdownFramework>(otherAgent), Is.Empty, "nothing of it runs there");
            Assert.That(effects.OfType<MasterEffect.CloseStream>().Single(), Is.EqualTo(new MasterEffect.CloseStream(_framework.Id, _framework.StreamId)));
            Assert.That(effects.Persisted<FrameworkRemoved>().Single().FrameworkId.Value, Is.EqualTo(_framework.Id));
            Assert.That(_master.Core.Frameworks, Is.Empty);
            Assert.That(_master.Core.CompletedFrameworks.Select(f => f.Id), Is.EqualTo(new[] { _framework.Id }));
            Assert.That(_master.Registry.IsKnownFramework(_framework.Id), Is.False);
            Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
            Assert.That(_master.Core.Offers, Is.Empty, $"offer {outstanding.Id.Value} withdrawn");
            Assert.That(_master.Agent(otherAgent).Offered, Is.EqualTo(ResourceSet.Empty));
        });
    }

    [Test]
    public void After_teardown_the_frameworks_resources_go_to_others_and_its_calls_are_refused()
    {
        _master.Launch(_framework, "web-1", "cpus:2;mem:1024");
        var other = _master.Subscribe("service");
        var offersBefore = _master.AllocateOffersTo(other);

        _master.Call(_framework, Calls.Teardown(_framework.Id));
        var offersAfter = _master.AllocateOffersTo(other);

        Assert.Multiple(() =>
        {
            Assert.That(offersBefore, Is.Empty);
            Assert.That(offersAfter.Select(o => o.AgentId.Value), Is.EqualTo(new[] { _agentId }));
            Assert.That(_master.Core.Handle(Calls.Revive(_framework.Id), _framework.StreamId).Outcome.StatusCode, Is.EqualTo(400));
        });
    }

    [Test]
    public void Implicit_reconciliation_reports_every_task_the_master_knows()
    {
        var offer = _master.SingleOfferTo(_framework);
        var effects = _master.Call(_framework, Calls.Accept(_framework.Id, offer.Id.Value,
            TaskInfos.Shell("web-1", "cpus:1;mem:256"), TaskInfos.Shell("web-2", "cpus:1;mem:256")));
        var runs = effects.MessagesTo<RunTask>(_agentId);
        _master.Report(runs[0], TaskState.TaskRunning);
        _master.Clock.Advance(TimeSpan.FromMinutes(1));

        var updates = _master.Call(_framework, Calls.Reconcile(_framework.Id)).UpdatesTo(_framework.Id);

        Assert.Multiple(() =>
        {
            Assert.That(updates.Select(u => (u.TaskId.Value, u.State)),
                Is.EquivalentTo(new[] { ("web-1", TaskState.TaskRunning), ("web-2", TaskState.TaskStaging) }));
            Assert.That(updates.Select(u => u.Reason), Is.All.EqualTo(TaskStatus.Types.Reason.Reconciliation));
            Assert.That(updates.Select(u => u.Source), Is.All.EqualTo(TaskStatus.Types.Source.Master));
            Assert.That(updates.Select(u => u.AgentId.Value), Is.All.EqualTo(_agentId));
            Assert.That(updates.Select(u => u.Timestamp), Is.All.EqualTo(_master.Clock.Now.ToUnixTimeSeconds()));
            Assert.That(updates.Select(u => u.HasUuid), Is.All.False, "reconciliation updates are not acknowledged");
        });
    }

    [Test]
    public void Explicit_reconciliation_reports_running_completed_and_unknown_tasks()
    {
        var offer = _master.SingleOfferTo(_framework);
        var runs = _master.Call(_framework, Calls.Accept(_framework.Id, offer.Id.Value,
            TaskInfos.Shell("running", "cpus:1;mem:256"), TaskInfos.Shell("done", "cpus:1;mem:256"))).MessagesTo<RunTask>(_agentId);
        _master.Report(runs[0], TaskState.TaskRunning);
        _master.Report(runs[1], TaskState.TaskFailed);

        var updates = _master.Call(_framework, Calls.Reconcile(_framework.Id, "running", "done", "mystery")).UpdatesTo(_framework.Id);

        Assert.Multiple(() =>
        {
            Assert.That(updates.Select(u => (u.TaskId.Value, u.State)), Is.EquivalentTo(new[]
            {
                ("running", TaskState.TaskRunning), ("done", TaskState.TaskFailed), ("mystery", TaskState.TaskUnknown),
            }));
            Assert.That(updates.Select(u => u.Reason), Is.All.EqualTo(TaskStatus.Types.Reason.Reconciliation));
        });
    }

    [Test]
    public void Implicit_reconciliation_without_tasks_says_nothing()
    {
        var call = Calls.Reconcile(_framework.Id);
        call.Reconcile = null;

        var effects = _master.Call(_framework, call);

        Assert.That(effects, Is.Empty);
    }
}
