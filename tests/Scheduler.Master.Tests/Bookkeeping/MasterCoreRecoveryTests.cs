using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// A newly elected master that recovered the registry: agents re-register with the tasks they still run
/// and frameworks resubscribe, in either order, and the new master must end up knowing those tasks.
/// </summary>
[TestFixture]
public sealed class MasterCoreRecoveryTests
{
    private string _agentId = null!;
    private SubscribedFramework _framework = null!;
    private RunTask _run = null!;
    private MasterUnderTest _newMaster = null!;

    [SetUp]
    public void RunATaskThenElectANewMaster()
    {
        var oldMaster = new MasterUnderTest("master-1");
        _agentId = oldMaster.AddAgent("cpus:2;mem:1024");
        _framework = oldMaster.Subscribe("batch");
        _run = oldMaster.Launch(_framework, "web-1", "cpus:1;mem:512");
        oldMaster.Report(_run, TaskState.TaskRunning);

        var recovered = new MasterRegistry();
        recovered.Apply(oldMaster.Registry.ToSnapshot());
        _newMaster = new MasterUnderTest("master-2", recovered);
    }

    [Test]
    public void A_reregistering_agent_keeps_its_id_and_only_its_idle_resources_are_offered()
    {
        var effects = _newMaster.Core.ReregisterAgent(Reregistration());
        var framework = _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));
        var offer = _newMaster.SingleOfferTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(effects.Persisted<AgentAdmitted>(), Is.Empty, "the registry already admitted it");
            Assert.That(_newMaster.Agent(_agentId).Used.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:512")));
            Assert.That(offer.AgentId.Value, Is.EqualTo(_agentId));
            Assert.That(ResourceSet.FromProto(offer.Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:1;mem:512")));
        });
    }

    [Test]
    public void Tasks_are_known_when_the_framework_resubscribes_before_its_agent_reregisters()
    {
        var framework = _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));
        _newMaster.Core.ReregisterAgent(Reregistration());

        var reconciled = _newMaster.Call(framework, Calls.Reconcile(framework.Id)).UpdatesTo(framework.Id);

        Assert.That(reconciled.Select(u => (u.TaskId.Value, u.State)), Is.EqualTo(new[] { ("web-1", TaskState.TaskRunning) }));
    }

    [Test]
    public void Tasks_are_known_when_the_agent_reregisters_before_their_framework_resubscribes()
    {
        _newMaster.Core.ReregisterAgent(Reregistration());
        var framework = _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));

        var reconciled = _newMaster.Call(framework, Calls.Reconcile(framework.Id)).UpdatesTo(framework.Id);

        Assert.That(reconciled.Select(u => (u.TaskId.Value, u.State)), Is.EqualTo(new[] { ("web-1", TaskState.TaskRunning) }));
    }

    [Test]
    public void A_task_reported_before_its_framework_resubscribed_frees_its_resources_when_it_ends()
    {
        _newMaster.Core.ReregisterAgent(Reregistration());
        var framework = _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));

        _newMaster.Report(_run, TaskState.TaskFinished);
        var offers = _newMaster.AllocateOffersTo(framework);

        var used = _newMaster.Agent(_agentId).Used;
        var offered = offers.Select(o => ResourceSet.FromProto(o.Resources).Unallocate()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(used, Is.EqualTo(ResourceSet.Empty), $"still counted as used: {used}");
            Assert.That(offered, Is.EqualTo(new[] { ResourceSet.Parse("cpus:2;mem:1024") }), $"offered: {string.Join(" | ", offered)}");
        });
    }

    [Test]
    public void An_unknown_task_is_not_answered_until_the_recovered_agents_reregister()
    {
        var framework = _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));
        var onTheAgent = Calls.Reconcile(framework.Id, "web-1", "launched-before-the-failover");
        onTheAgent.Reconcile.Tasks[1].AgentId = new AgentID { Value = _agentId };

        var beforeTheAgent = _newMaster.Call(framework, onTheAgent).UpdatesTo(framework.Id);
        var withoutAnAgentBefore = _newMaster.Call(framework, Calls.Reconcile(framework.Id, "mystery")).UpdatesTo(framework.Id);
        _newMaster.Core.ReregisterAgent(Reregistration());
        var afterTheAgent = _newMaster.Call(framework, onTheAgent).UpdatesTo(framework.Id);

        Assert.Multiple(() =>
        {
            Assert.That(beforeTheAgent, Is.Empty, "the agent may still have them: the framework asks again later");
            Assert.That(withoutAnAgentBefore, Is.Empty, "any agent not yet back may have it");
            Assert.That(afterTheAgent.Select(u => (u.TaskId.Value, u.State)), Is.EquivalentTo(new[]
            {
                ("web-1", TaskState.TaskRunning), ("launched-before-the-failover", TaskState.TaskUnknown),
            }));
        });
    }

    [TestCase(true, TaskState.TaskUnreachable)]
    [TestCase(false, TaskState.TaskLost)]
    public void An_unknown_task_on_an_agent_the_registry_has_unreachable_is_answered_unreachable(bool partitionAware, TaskState expected)
    {
        var oldMaster = new MasterUnderTest("master-1");
        var agentId = oldMaster.AddAgent("cpus:2;mem:1024");
        oldMaster.Core.AgentUnreachable(agentId);
        var recovered = new MasterRegistry();
        recovered.Apply(oldMaster.Registry.ToSnapshot());
        var newMaster = new MasterUnderTest("master-2", recovered);
        var framework = newMaster.Subscribe(partitionAware ? Frameworks.Named("web").PartitionAware() : Frameworks.Named("batch"));
        var reconcile = Calls.Reconcile(framework.Id, "on-the-unreachable-agent");
        reconcile.Reconcile.Tasks[0].AgentId = new AgentID { Value = agentId };

        var answer = newMaster.Call(framework, reconcile).UpdatesTo(framework.Id).Single();

        Assert.Multiple(() =>
        {
            Assert.That(answer.State, Is.EqualTo(expected), "TASK_UNKNOWN would end a task that may still run and finish");
            Assert.That(answer.Reason, Is.EqualTo(Protocol.V1.TaskStatus.Types.Reason.Reconciliation));
            Assert.That(answer.AgentId.Value, Is.EqualTo(agentId));
            Assert.That(answer.UnreachableTime, Is.Not.Null, "unreachable_time");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_task_the_reregistering_agent_reports_ended_is_reconciled_as_ended(bool frameworkFirst)
    {
        var reregistration = Reregistration();
        reregistration.Tasks[0].State = TaskState.TaskFinished;
        SubscribedFramework? framework = frameworkFirst ? _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id)) : null;
        _newMaster.Core.ReregisterAgent(reregistration);
        framework ??= _newMaster.Subscribe(Frameworks.Named("batch").WithId(_framework.Id));

        var reconciled = _newMaster.Call(framework, Calls.Reconcile(framework.Id, "web-1")).UpdatesTo(framework.Id);

        Assert.That(reconciled.Select(u => (u.TaskId.Value, u.State)), Is.EqualTo(new[] { ("web-1", TaskState.TaskFinished) }),
            "not TASK_UNKNOWN, which would have the framework run it again");
        Assert.That(_newMaster.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
    }

    private ReregisterAgent Reregistration()
    {
        var info = Agents.With("cpus:2;mem:1024").AgentInfo;
        info.Id = new AgentID { Value = _agentId };
        var task = new Protocol.V1.Task
        {
            Name = _run.Task.Name,
            TaskId = _run.Task.TaskId,
            FrameworkId = _run.Framework.Id,
            AgentId = _run.Task.AgentId,
            State = TaskState.TaskRunning,
        };
        task.Resources.AddRange(_run.Task.Resources);
        return new ReregisterAgent { AgentInfo = info, Tasks = { task }, Version = "0.1.0" };
    }
}
