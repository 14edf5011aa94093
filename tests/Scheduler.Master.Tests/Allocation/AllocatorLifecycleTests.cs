using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class AllocatorLifecycleTests
{
    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder());
    }

    [Test]
    public void Offers_an_agent_whole_to_one_framework_and_nothing_while_it_is_held()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096;ports:[31000-32000]"), "host-1");
        allocator.AddFramework("fw-1", "web");

        var first = allocator.Allocate();
        var second = allocator.Allocate();

        Assert.That(first.Offers, Is.EqualTo(new[]
        {
            new OfferDecision("fw-1", "agent-1", R("cpus:4;mem:4096;ports:[31000-32000]").Allocate("web")),
        }));
        Assert.That(first.AgentsVisited, Is.EqualTo(1));
        Assert.That(second.Offers, Is.Empty);
        Assert.That(second.OutcomeOf("fw-1"),
            Is.EqualTo(new FrameworkAllocationOutcome("fw-1", 0, 0, AgentsExhausted: 1, NoOfferReason.NothingLeft)));
        Assert.That(allocator.AgentAvailable("agent-1").IsEmpty, Is.True);
        Assert.That(allocator.FrameworkAllocation("fw-1"), Is.EqualTo(first.Offers[0].Resources));
    }

    [Test]
    public void Resources_recovered_when_a_task_ends_are_offered_again()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddFramework("fw-1", "web");
        var offer = allocator.Allocate().Offers.Single();
        var task = R("cpus:1;mem:1024");
        allocator.RecoverResources("fw-1", "agent-1", offer.Resources - task.Allocate("web"), refuseFor: null);

        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(R("cpus:3;mem:3072").Allocate("web")));

        // The rest is still on offer; the task ends and its resources come back without allocation info.
        allocator.RecoverResources("fw-1", "agent-1", task, refuseFor: null);

        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(task.Allocate("web")));
        Assert.That(allocator.FrameworkAllocation("fw-1"), Is.EqualTo(R("cpus:4;mem:4096").Allocate("web")));
    }

    [Test]
    public void Recovering_the_same_resources_twice_frees_them_once()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddFramework("fw-1", "web");
        allocator.AddFramework("fw-2", "web");
        var offer = allocator.Allocate().Offers.Single();
        var held = allocator.Allocate();
        Assert.That(held.Offers, Is.Empty);

        allocator.RecoverResources(offer.FrameworkId, "agent-1", offer.Resources, refuseFor: null);
        allocator.RecoverResources(offer.FrameworkId, "agent-1", offer.Resources, refuseFor: null);
        allocator.RecoverResources("fw-unknown", "agent-1", offer.Resources, refuseFor: null);
        allocator.RecoverResources(offer.FrameworkId, "agent-unknown", offer.Resources, refuseFor: null);

        Assert.That(allocator.AgentAvailable("agent-1"), Is.EqualTo(R("cpus:4;mem:4096")));
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
        Assert.That(allocator.AgentAvailable("agent-1").IsEmpty, Is.True);
    }

    [Test]
    public void A_removed_agents_resources_vanish()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddAgent("agent-2", R("cpus:2;mem:2048"), "host-2");
        allocator.AddFramework("fw-1", "web");
        allocator.AddFramework("fw-2", "web");
        var offers = allocator.Allocate().Offers;
        Assert.That(offers, Has.Count.EqualTo(2));
        var onAgent1 = offers.Single(offer => offer.AgentId == "agent-1");

        allocator.RemoveAgent("agent-1");

        Assert.That(allocator.AgentIds, Is.EqualTo(new[] { "agent-2" }));
        Assert.That(allocator.ClusterTotal, Is.EqualTo(R("cpus:2;mem:2048")));
        Assert.That(allocator.FrameworkAllocation(onAgent1.FrameworkId).IsEmpty, Is.True);
        Assert.That(allocator.FrameworkDominantShare(onAgent1.FrameworkId), Is.EqualTo(0.0));
        Assert.That(() => allocator.AgentTotal("agent-1"), Throws.InstanceOf<KeyNotFoundException>());
        allocator.RecoverResources(onAgent1.FrameworkId, "agent-1", onAgent1.Resources, TimeSpan.FromSeconds(5));
        Assert.That(allocator.Allocate().Offers, Is.Empty);
    }

    [Test]
    public void A_deactivated_agent_is_not_offered_until_reactivated()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddFramework("fw-1", "web");

        allocator.DeactivateAgent("agent-1");
        var whileInactive = allocator.Allocate();
        allocator.ActivateAgent("agent-1");

        Assert.That(whileInactive.Offers, Is.Empty);
        Assert.That(whileInactive.AgentsVisited, Is.EqualTo(0));
        Assert.That(allocator.IsAgentActive("agent-1"), Is.True);
        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_reservation_is_offered_only_to_its_role()
    {
        allocator.AddAgent("agent-1", R("cpus:2;mem:1024;cpus(eng):4;mem(eng):2048"), "host-1");
        allocator.AddFramework("fw-ops", "ops");

        var opsOffer = allocator.Allocate().Offers.Single();
        Assert.That(opsOffer.Resources, Is.EqualTo(R("cpus:2;mem:1024").Allocate("ops")));
        Assert.That(allocator.Allocate().OutcomeOf("fw-ops").Reason, Is.EqualTo(NoOfferReason.NothingLeft));

        allocator.AddFramework("fw-eng", "eng");

        Assert.That(allocator.Allocate().Offers, Is.EqualTo(new[]
        {
            new OfferDecision("fw-eng", "agent-1", R("cpus(eng):4;mem(eng):2048").Allocate("eng")),
        }));
    }

    [Test]
    public void A_framework_in_several_roles_gets_one_offer_per_agent_and_role()
    {
        allocator.AddAgent("agent-1", R("cpus:1;mem:512;cpus(a):2;cpus(b):3"), "host-1");
        allocator.AddFramework("fw-1", ["a", "b"]);

        var offers = allocator.Allocate().Offers;

        // Role a and b tie at 0 and a comes first by name, taking the unreserved part too.
        Assert.That(offers, Is.EqualTo(new[]
        {
            new OfferDecision("fw-1", "agent-1", R("cpus:1;mem:512;cpus(a):2").Allocate("a")),
            new OfferDecision("fw-1", "agent-1", R("cpus(b):3").Allocate("b")),
        }));
        Assert.That(offers.Select(offer => offer.Role), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(allocator.FrameworkRoles("fw-1"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(allocator.RoleAllocation("b"), Is.EqualTo(R("cpus(b):3").Allocate("b")));
    }

    [Test]
    public void An_inactive_framework_gets_nothing_and_keeps_what_it_holds()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddAgent("agent-2", R("cpus:4;mem:4096"), "host-2");
        allocator.AddFramework("fw-1", "web");
        allocator.AddFramework("fw-2", "web", active: false);
        var first = allocator.Allocate();
        Assert.That(first.OffersTo("fw-1").Count(), Is.EqualTo(2));
        Assert.That(first.OutcomeOf("fw-2").Reason, Is.EqualTo(NoOfferReason.Inactive));

        allocator.RecoverResources("fw-1", "agent-2", first.Offers.Single(offer => offer.AgentId == "agent-2").Resources, null);
        allocator.ActivateFramework("fw-2");
        var second = allocator.Allocate();

        Assert.That(second.Offers.Single().FrameworkId, Is.EqualTo("fw-2"));
        Assert.That(allocator.FrameworkAllocation("fw-1", "agent-1").Cpus, Is.EqualTo(4.0));
        Assert.That(allocator.IsFrameworkActive("fw-2"), Is.True);
    }

    [Test]
    public void A_removed_framework_gives_back_everything_it_held()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1");
        allocator.AddFramework("fw-1", "web");
        allocator.Allocate();

        allocator.RemoveFramework("fw-1");

        Assert.That(allocator.AgentAvailable("agent-1"), Is.EqualTo(R("cpus:4;mem:4096")));
        Assert.That(allocator.Roles, Is.Empty);
        Assert.That(allocator.FrameworkIds, Is.Empty);
        allocator.AddFramework("fw-2", "web");
        Assert.That(allocator.Allocate().Offers.Single().FrameworkId, Is.EqualTo("fw-2"));
    }

    [Test]
    public void Resources_an_agent_reports_in_use_are_never_offered_and_count_once_the_framework_is_known()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1",
            used: new Dictionary<string, ResourceSet> { ["fw-old"] = R("cpus:3;mem:1024") });
        allocator.AddFramework("fw-new", "web");
        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(R("cpus:1;mem:3072").Allocate("web")));

        allocator.AddFramework("fw-old", "batch");
        Assert.That(allocator.FrameworkAllocation("fw-old"), Is.EqualTo(R("cpus:3;mem:1024").Allocate("batch")));
        Assert.That(allocator.RoleDominantShare("batch"), Is.EqualTo(0.75));

        allocator.RecoverResources("fw-old", "agent-1", R("cpus:3;mem:1024"), refuseFor: null);
        Assert.That(allocator.Allocate().Offers.Single().Resources, Is.EqualTo(R("cpus:3;mem:1024").Allocate("batch")));
    }

    [Test]
    public void Resources_in_use_by_a_framework_that_never_returns_are_freed_when_recovered()
    {
        allocator.AddAgent("agent-1", R("cpus:4;mem:4096"), "host-1",
            used: new Dictionary<string, ResourceSet> { ["fw-gone"] = R("cpus:4;mem:4096") });
        allocator.AddFramework("fw-1", "web");
        Assert.That(allocator.Allocate().Offers, Is.Empty);

        allocator.RecoverResources("fw-gone", "agent-1", R("cpus:4;mem:4096"), refuseFor: null);

        Assert.That(allocator.Allocate().Offers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Leftovers_too_small_to_run_anything_are_not_offered()
    {
        allocator.AddAgent("agent-1", R("cpus:0.009;mem:31;disk:1000"), "host-1");
        allocator.AddFramework("fw-1", "web");

        var result = allocator.Allocate();

        Assert.That(result.Offers, Is.Empty);
        Assert.That(result.OutcomeOf("fw-1").Reason, Is.EqualTo(NoOfferReason.NothingLeft));
        Assert.That(Allocator.IsAllocatable(R("cpus:0.01")), Is.True);
        Assert.That(Allocator.IsAllocatable(R("mem:32")), Is.True);
    }

    [Test]
    public void Rejects_duplicate_and_unknown_ids_and_bad_roles()
    {
        allocator.AddAgent("agent-1", R("cpus:1;mem:128"), "host-1");
        allocator.AddFramework("fw-1", "web");

        Assert.That(() => allocator.AddAgent("agent-1", R("cpus:1"), "host-1"), Throws.InvalidOperationException);
        Assert.That(() => allocator.AddFramework("fw-1", "web"), Throws.InvalidOperationException);
        Assert.That(() => allocator.AddFramework("fw-2", "bad role"), Throws.ArgumentException);
        Assert.That(() => allocator.AddFramework("fw-3", Array.Empty<string>()), Throws.ArgumentException);
        Assert.That(() => allocator.Suppress("fw-unknown"), Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(() => allocator.RemoveAgent("agent-unknown"), Throws.InstanceOf<KeyNotFoundException>());
        Assert.That(() => allocator.UpdateRoleWeight("web", -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(allocator.AgentHostname("agent-1"), Is.EqualTo("host-1"));
    }

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
