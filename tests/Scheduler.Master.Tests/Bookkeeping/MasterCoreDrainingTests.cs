using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// Operators turning an agent's offers off and on and draining it (Mesos's DRAIN_AGENT, DEACTIVATE_AGENT and
/// REACTIVATE_AGENT; the intent of AgentDrainingTest), and tearing a framework down (TEARDOWN).
/// </summary>
[TestFixture]
public sealed class MasterCoreDrainingTests
{
    private const string AgentResources = "cpus:2;mem:1024";

    [Test]
    public void A_deactivated_agent_has_its_offers_rescinded_and_gets_no_more_until_reactivated()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe("batch");
        var offer = master.SingleOfferTo(framework);

        var (error, effects) = master.Core.DeactivateAgent(Id(agentId));
        master.Clock.Advance(TimeSpan.FromMinutes(1));
        var whileDeactivated = master.AllocateOffersTo(framework);
        var reactivated = master.Core.ReactivateAgent(Id(agentId));
        var afterwards = master.AllocateOffersTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(effects.EventsTo(framework.Id).Single(e => e.Type == Event.Types.Type.Rescind).Rescind.OfferId, Is.EqualTo(offer.Id));
            Assert.That(effects.Persisted<AgentDrainUpdated>().Single().Deactivated, Is.True);
            Assert.That(whileDeactivated, Is.Empty);
            Assert.That(reactivated.Error, Is.Null);
            Assert.That(reactivated.Effects.Persisted<AgentDrainUpdated>().Single().Deactivated, Is.False);
            Assert.That(afterwards.Single().AgentId.Value, Is.EqualTo(agentId));
        });
    }

    [Test]
    public void Draining_kills_each_task_with_its_grace_period_capped_and_the_agent_is_drained_when_the_last_one_ends()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe("batch");
        var offer = master.SingleOfferTo(framework);
        var patient = TaskInfos.Shell("patient", "cpus:0.5;mem:128");
        patient.KillPolicy = new KillPolicy { GracePeriod = new DurationInfo { Nanoseconds = 60_000_000_000 } };
        var quick = TaskInfos.Shell("quick", "cpus:0.5;mem:128");
        quick.KillPolicy = new KillPolicy { GracePeriod = new DurationInfo { Nanoseconds = 1_000_000_000 } };
        var runs = master.Call(framework, Calls.Accept(framework.Id, offer.Id.Value, patient, quick)).MessagesTo<RunTask>(agentId);

        var (error, effects) = master.Core.DrainAgent(Id(agentId), TimeSpan.FromSeconds(5), markGone: false);
        var kills = effects.MessagesTo<KillTask>(agentId).ToDictionary(k => k.TaskId.Value, k => k.KillPolicy.GracePeriod.Nanoseconds);
        var firstEnded = master.Report(runs[0], TaskState.TaskKilled).Effects;
        var stillDraining = master.Agent(agentId).Drain!.State;
        var lastEnded = master.Report(runs[1], TaskState.TaskKilled).Effects;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(kills, Is.EqualTo(new Dictionary<string, long> { ["patient"] = 5_000_000_000, ["quick"] = 1_000_000_000 }));
            Assert.That(firstEnded.Persisted<AgentDrainUpdated>(), Is.Empty);
            Assert.That(stillDraining, Is.EqualTo(DrainState.Draining));
            Assert.That(lastEnded.Persisted<AgentDrainUpdated>().Single().DrainInfo.State, Is.EqualTo(DrainState.Drained));
            Assert.That(master.Agent(agentId).Deactivated, Is.True, "a drained agent stays deactivated until reactivated");
        });
    }

    [Test]
    public void An_agent_drained_with_mark_gone_reports_its_tasks_gone_by_operator_and_is_marked_gone()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe("batch");
        var run = master.Launch(framework, "web-1", "cpus:1;mem:128");

        master.Core.DrainAgent(Id(agentId), maxGracePeriod: null, markGone: true);
        var ended = master.Report(run, TaskState.TaskKilled).Effects;

        Assert.Multiple(() =>
        {
            Assert.That(ended.UpdatesTo(framework.Id).Single().State, Is.EqualTo(TaskState.TaskGoneByOperator));
            Assert.That(ended.Persisted<AgentMarkedGone>().Single().AgentId.Value, Is.EqualTo(agentId));
            Assert.That(ended.MessagesTo<ShutdownAgent>(agentId), Has.Count.EqualTo(1));
            Assert.That(master.Core.Agents, Is.Empty);
        });
    }

    [Test]
    public void An_agent_without_tasks_is_drained_at_once_and_cannot_be_reactivated_while_draining()
    {
        var master = new MasterUnderTest();
        var idle = master.AddAgent(AgentResources, "idle");
        var busy = master.AddAgent(AgentResources, "busy");
        var framework = master.Subscribe("batch");
        var offers = master.AllocateOffersTo(framework);
        var onBusy = offers.Single(o => o.AgentId.Value == busy);
        master.Call(framework, Calls.Accept(framework.Id, onBusy.Id.Value, TaskInfos.Shell("web-1", "cpus:1;mem:128")));

        master.Core.DrainAgent(Id(idle), null, markGone: false);
        master.Core.DrainAgent(Id(busy), null, markGone: false);

        Assert.Multiple(() =>
        {
            Assert.That(master.Agent(idle).Drain!.State, Is.EqualTo(DrainState.Drained));
            Assert.That(master.Core.ReactivateAgent(Id(busy)).Error, Is.EqualTo("Agent is still in the DRAINING state"));
            Assert.That(master.Core.ReactivateAgent(Id(idle)).Error, Is.Null);
        });
    }

    [Test]
    public void Bad_drain_requests_are_refused_with_mesos_reasons()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);

        Assert.Multiple(() =>
        {
            Assert.That(master.Core.DrainAgent(Id("no-such-agent"), null, false).Error, Is.EqualTo("Unknown agent"));
            Assert.That(master.Core.DrainAgent(Id(agentId), TimeSpan.FromSeconds(-1), false).Error, Is.EqualTo("'max_grace_period' must be non-negative"));
            Assert.That(master.Core.ReactivateAgent(Id(agentId)).Error, Is.EqualTo("Agent is not deactivated"));
            Assert.That(master.Core.DeactivateAgent(Id("no-such-agent")).Error, Is.EqualTo("Unknown agent"));
        });
    }

    [Test]
    public void A_restarted_master_keeps_a_draining_agent_deactivated_and_kills_what_it_still_runs_when_it_reregisters()
    {
        var oldMaster = new MasterUnderTest("master-1");
        var agentId = oldMaster.AddAgent(AgentResources);
        var framework = oldMaster.Subscribe("batch");
        var run = oldMaster.Launch(framework, "web-1", "cpus:1;mem:128");
        oldMaster.Core.DrainAgent(Id(agentId), null, markGone: false);
        var recovered = new MasterRegistry();
        recovered.Apply(oldMaster.Registry.ToSnapshot());
        var master = new MasterUnderTest("master-2", recovered);

        var effects = master.Core.ReregisterAgent(Reregistrations.Of(agentId, AgentResources, (run, TaskState.TaskRunning)));
        var newcomer = master.Subscribe("service");

        Assert.Multiple(() =>
        {
            Assert.That(master.Agent(agentId).Drain!.State, Is.EqualTo(DrainState.Draining));
            Assert.That(effects.MessagesTo<KillTask>(agentId).Single().TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(master.AllocateOffersTo(newcomer), Is.Empty);
        });
    }

    [Test]
    public void Teardown_removes_the_framework_shuts_its_tasks_down_and_tells_its_scheduler()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe("batch");
        master.Launch(framework, "web-1", "cpus:1;mem:128");

        var (error, effects) = master.Core.TeardownFramework(new FrameworkID { Value = framework.Id });

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(effects.EventsTo(framework.Id).Single().Error.Message, Is.EqualTo("Framework has been removed"));
            Assert.That(effects.MessagesTo<ShutdownFramework>(agentId), Has.Count.EqualTo(1));
            Assert.That(effects.Persisted<FrameworkRemoved>(), Has.Count.EqualTo(1));
            Assert.That(master.Core.Frameworks, Is.Empty);
            Assert.That(master.Core.TeardownFramework(new FrameworkID { Value = "unknown" }).Error,
                Is.EqualTo("No framework found with specified ID 'unknown'"));
        });
    }

    private static AgentID Id(string value) => new() { Value = value };
}
