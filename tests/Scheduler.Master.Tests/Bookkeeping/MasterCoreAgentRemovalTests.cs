using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// The removal rate limit (Mesos's MasterTest.RateLimitRecoveredSlaveRemoval), agents an operator marks gone
/// (MARK_AGENT_GONE) and the registry's garbage collection of unreachable agents (PartitionTest.RegistryGcByCount, RegistryGcByAge).
/// </summary>
[TestFixture]
public sealed class MasterCoreAgentRemovalTests
{
    private const string AgentResources = "cpus:2;mem:1024";

    [Test]
    public void Lost_agents_are_marked_unreachable_no_faster_than_the_removal_rate_limit()
    {
        var master = new MasterUnderTest(agentRemovalRateLimit: new AgentRemovalRateLimiter(1, TimeSpan.FromMinutes(1)));
        var first = master.AddAgent(AgentResources, "agent-1");
        var second = master.AddAgent(AgentResources, "agent-2");

        var firstLost = master.Core.AgentUnreachable(first);
        var secondLost = master.Core.AgentUnreachable(second);
        var early = MarkedUnreachable(master, TimeSpan.FromSeconds(59));
        var onTime = MarkedUnreachable(master, TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(firstLost.Persisted<AgentMarkedUnreachable>(), Has.Count.EqualTo(1), "the first removal waits for nothing");
            Assert.That(secondLost.Persisted<AgentMarkedUnreachable>(), Is.Empty, "the second waits for a permit");
            Assert.That(early, Is.Empty);
            Assert.That(onTime, Is.EqualTo(new[] { second }));
            Assert.That(master.Core.AgentsPendingUnreachable, Is.Empty);
        });
    }

    [Test]
    public void A_lost_agent_that_comes_back_before_its_permit_is_not_marked_unreachable()
    {
        var master = new MasterUnderTest(agentRemovalRateLimit: new AgentRemovalRateLimiter(1, TimeSpan.FromMinutes(1)));
        var first = master.AddAgent(AgentResources, "agent-1");
        var second = master.AddAgent(AgentResources, "agent-2");
        master.Core.AgentUnreachable(first);
        master.Core.AgentUnreachable(second);

        master.Core.ReregisterAgent(Reregistrations.Of(second, AgentResources));
        var later = MarkedUnreachable(master, TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(later, Is.Empty);
            Assert.That(master.Agent(second).Active, Is.True);
        });
    }

    [Test]
    public void Recovered_agents_that_do_not_reregister_in_time_are_marked_unreachable_at_the_removal_rate()
    {
        var oldMaster = new MasterUnderTest("master-1");
        var first = oldMaster.AddAgent(AgentResources, "agent-1");
        var second = oldMaster.AddAgent(AgentResources, "agent-2");
        var recovered = new MasterRegistry();
        recovered.Apply(oldMaster.Registry.ToSnapshot());
        var master = new MasterUnderTest("master-2", recovered, agentRemovalRateLimit: new AgentRemovalRateLimiter(1, TimeSpan.FromMinutes(10)));

        master.Clock.Advance(MasterCore.AgentReregisterTimeout);
        var atTimeout = master.Core.AgentReregisterTimeoutExpired().Persisted<AgentMarkedUnreachable>().Select(e => e.AgentInfo.Id.Value).ToList();
        var afterOnePermit = MarkedUnreachable(master, TimeSpan.FromMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(atTimeout, Is.EqualTo(new[] { first }));
            Assert.That(afterOnePermit, Is.EqualTo(new[] { second }));
            Assert.That(recovered.Agents, Is.Empty, "admitted agents");
            Assert.That(recovered.UnreachableAgents, Has.Count.EqualTo(2));
        });
    }

    [TestCase(true, TaskState.TaskGoneByOperator)]
    [TestCase(false, TaskState.TaskLost)]
    public void An_agent_marked_gone_loses_its_tasks_is_shut_down_and_may_never_reregister(bool partitionAware, TaskState expected)
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var subscribe = partitionAware ? Frameworks.Named("web").PartitionAware() : Frameworks.Named("batch");
        var framework = master.Subscribe(subscribe);
        var run = master.Launch(framework, "web-1", "cpus:1;mem:512");
        master.Report(run, TaskState.TaskRunning);

        var (error, effects) = master.Core.MarkAgentGone(new AgentID { Value = agentId });
        var reregistration = master.Core.ReregisterAgent(Reregistrations.Of(agentId, AgentResources, (run, TaskState.TaskRunning)));

        var update = effects.UpdatesTo(framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That((update.State, update.Reason), Is.EqualTo((expected, TaskStatus.Types.Reason.AgentRemovedByOperator)));
            Assert.That(effects.MessagesTo<ShutdownAgent>(agentId), Has.Count.EqualTo(1));
            Assert.That(effects.Persisted<AgentMarkedGone>().Select(e => e.AgentId.Value), Is.EqualTo(new[] { agentId }));
            Assert.That(master.Record(framework).CompletedTasks.Select(t => t.State), Is.EqualTo(new[] { expected }));
            Assert.That(master.Core.IsGone(agentId), Is.True);
            Assert.That(reregistration, Is.Empty);
            Assert.That(master.Core.Agents, Is.Empty, "a gone agent is not taken back");
        });
    }

    [Test]
    public void Marking_an_unreachable_agent_gone_ends_its_unreachable_tasks()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe(Frameworks.Named("web").PartitionAware());
        var run = master.Launch(framework, "web-1", "cpus:1;mem:512");
        master.Report(run, TaskState.TaskRunning);
        master.Core.AgentUnreachable(agentId);

        var (error, effects) = master.Core.MarkAgentGone(new AgentID { Value = agentId });

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(effects.UpdatesTo(framework.Id).Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskGoneByOperator }));
            Assert.That(effects.AllAgentMessages(), Is.Empty, "nobody to tell");
            Assert.That(master.Record(framework).UnreachableTasks, Is.Empty);
            Assert.That(master.Core.UnreachableAgents, Is.Empty);
            Assert.That(master.Core.GoneAgents.Select(a => a.AgentId.Value), Is.EqualTo(new[] { agentId }));
        });
    }

    [Test]
    public void Marking_an_unknown_agent_gone_is_refused()
    {
        var master = new MasterUnderTest();

        var (error, effects) = master.Core.MarkAgentGone(new AgentID { Value = "no-such-agent" });

        Assert.Multiple(() =>
        {
            Assert.That(error, Does.Contain("no-such-agent"));
            Assert.That(effects, Is.Empty);
        });
    }

    [Test]
    public void The_registry_keeps_at_most_the_maximum_count_of_unreachable_agents_dropping_the_oldest()
    {
        var master = new MasterUnderTest(registryGc: new RegistryGarbageCollector(TimeSpan.FromDays(14), MaxAgentCount: 2));
        var agents = Enumerable.Range(1, 3).Select(i => master.AddAgent(AgentResources, $"agent-{i}")).ToList();
        foreach (var agentId in agents)
        {
            master.Core.AgentUnreachable(agentId);
            master.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var pruned = master.Core.PruneRegistry().Persisted<RegistryPruned>().Single();
        var again = master.Core.PruneRegistry();

        Assert.Multiple(() =>
        {
            Assert.That(pruned.UnreachableAgentIds.Select(a => a.Value), Is.EqualTo(new[] { agents[0] }));
            Assert.That(master.Core.UnreachableAgents.Select(a => a.AgentInfo.Id.Value), Is.EquivalentTo(agents.Skip(1)));
            Assert.That(again, Is.Empty);
        });
    }

    [Test]
    public void The_registry_forgets_unreachable_agents_older_than_the_maximum_age_and_their_unreachable_tasks()
    {
        var master = new MasterUnderTest(registryGc: new RegistryGarbageCollector(TimeSpan.FromHours(1), MaxAgentCount: 100));
        var agentId = master.AddAgent(AgentResources);
        var framework = master.Subscribe(Frameworks.Named("web").PartitionAware());
        var run = master.Launch(framework, "web-1", "cpus:1;mem:512");
        master.Report(run, TaskState.TaskRunning);
        master.Core.AgentUnreachable(agentId);

        master.Clock.Advance(TimeSpan.FromHours(1));
        var atMaximumAge = master.Core.PruneRegistry();
        master.Clock.Advance(TimeSpan.FromSeconds(1));
        var older = master.Core.PruneRegistry();

        Assert.Multiple(() =>
        {
            Assert.That(atMaximumAge, Is.Empty);
            Assert.That(older.Persisted<RegistryPruned>().Single().UnreachableAgentIds.Select(a => a.Value), Is.EqualTo(new[] { agentId }));
            Assert.That(master.Core.UnreachableAgents, Is.Empty);
            Assert.That(master.Record(framework).UnreachableTasks, Is.Empty);
        });
    }

    private static List<string> MarkedUnreachable(MasterUnderTest master, TimeSpan after)
    {
        master.Clock.Advance(after);
        return master.Core.MarkPendingAgentsUnreachable().Persisted<AgentMarkedUnreachable>().Select(e => e.AgentInfo.Id.Value).ToList();
    }
}
