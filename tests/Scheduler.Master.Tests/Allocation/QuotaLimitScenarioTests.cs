using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>The intent of Mesos's quota limit scenarios of HierarchicalAllocatorTest.</summary>
[TestFixture]
public sealed class QuotaLimitScenarioTests
{
    private const string Agent = "cpus:1;mem:512";

    private ManualClock clock = null!;
    private Allocator allocator = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new ManualClock();
        allocator = new Allocator(clock, new RoundRobinAgentOrder());
    }

    [Test]
    public void QuotaLimit_a_role_is_never_offered_more_than_its_limit()
    {
        allocator.SetQuotaLimit("limited", Limit(("cpus", 2), ("mem", 1024)));
        allocator.AddFramework("framework1", "limited");
        allocator.AddFramework("framework2", "other");
        for (var i = 1; i <= 4; i++) allocator.AddAgent($"agent{i}", R(Agent), $"agent{i}");

        allocator.Allocate();

        Assert.That(allocator.FrameworkAllocation("framework1").Cpus, Is.EqualTo(2));
        Assert.That(allocator.FrameworkAllocation("framework2").Cpus, Is.EqualTo(2));

        // A new agent goes to the other role only; the limited role's framework is told why it got nothing.
        allocator.AddAgent("agent5", R(Agent), "agent5");
        var second = allocator.Allocate();
        Assert.That(second.Offers.Select(o => o.FrameworkId), Is.EqualTo(new[] { "framework2" }));
        Assert.That(second.OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.QuotaLimitReached));
        Assert.That(second.OutcomeOf("framework1").AgentsQuotaLimited, Is.EqualTo(1));
    }

    [Test]
    public void QuotaLimit_an_offer_is_cut_down_to_fit_the_limit()
    {
        allocator.SetQuotaLimit("limited", Limit(("cpus", 1.5), ("mem", 1000)));
        allocator.AddFramework("framework1", "limited");
        allocator.AddAgent("agent1", R("cpus:4;mem:2048;ports:[31000-31010]"), "agent1");

        var offer = allocator.Allocate().Offers.Single();

        Assert.That(offer.Resources.Cpus, Is.EqualTo(1.5));
        Assert.That(offer.Resources.MemMegabytes, Is.EqualTo(1000));
        Assert.That(offer.Resources.Ports.ToString(), Is.EqualTo(R("ports:[31000-31010]").Ports.ToString()),
            "non-scalar resources are not limited");
        Assert.That(allocator.AgentAvailable("agent1").Cpus, Is.EqualTo(2.5));
    }

    [Test]
    public void QuotaLimit_a_limit_on_cpus_does_not_block_memory_only_offers()
    {
        allocator.SetQuotaLimit("limited", Limit(("cpus", 1)));
        allocator.AddFramework("framework1", "limited");
        allocator.AddAgent("agent1", R(Agent), "agent1");
        allocator.AddAgent("agent2", R(Agent), "agent2");

        var offers = allocator.Allocate().Offers.OrderBy(o => o.AgentId).ToList();

        Assert.That(offers, Has.Count.EqualTo(2));
        Assert.That(offers[0].Resources.Cpus, Is.EqualTo(1));
        Assert.That(offers[1].Resources.Cpus, Is.Null);
        Assert.That(offers[1].Resources.MemMegabytes, Is.EqualTo(512));
    }

    [Test]
    public void QuotaLimit_a_parent_limit_caps_the_sum_of_its_children()
    {
        allocator.SetQuotaLimit("eng", Limit(("cpus", 2)));
        allocator.AddFramework("batch", "eng/batch");
        allocator.AddFramework("web", "eng/web");
        allocator.AddFramework("ops", "ops");
        for (var i = 1; i <= 6; i++) allocator.AddAgent($"agent{i}", R(Agent), $"agent{i}");

        allocator.Allocate();

        var engCpus = allocator.FrameworkAllocation("batch").Cpus.GetValueOrDefault()
            + allocator.FrameworkAllocation("web").Cpus.GetValueOrDefault();
        Assert.That(engCpus, Is.EqualTo(2));
        Assert.That(allocator.RoleSubtreeScalarQuantities("eng")["cpus"], Is.EqualTo(2));
        Assert.That(allocator.FrameworkAllocation("ops").Cpus, Is.EqualTo(4));
    }

    [Test]
    public void QuotaLimit_a_child_limit_is_also_held_under_a_looser_parent_limit()
    {
        allocator.SetQuotaLimit("eng", Limit(("cpus", 3)));
        allocator.SetQuotaLimit("eng/batch", Limit(("cpus", 1)));
        allocator.AddFramework("batch", "eng/batch");
        allocator.AddFramework("web", "eng/web");
        for (var i = 1; i <= 5; i++) allocator.AddAgent($"agent{i}", R(Agent), $"agent{i}");

        allocator.Allocate();

        Assert.That(allocator.FrameworkAllocation("batch").Cpus, Is.EqualTo(1));
        Assert.That(allocator.FrameworkAllocation("web").Cpus, Is.EqualTo(2));
    }

    [Test]
    public void QuotaLimit_with_a_guarantee_the_role_gets_its_guarantee_first_and_bursts_up_to_its_limit()
    {
        allocator.SetQuotaGuarantee("quota-role", R("cpus:1;mem:512"));
        allocator.SetQuotaLimit("quota-role", Limit(("cpus", 2), ("mem", 1024)));
        allocator.AddFramework("framework1", "quota-role");
        for (var i = 1; i <= 3; i++) allocator.AddAgent($"agent{i}", R(Agent), $"agent{i}");

        var first = allocator.Allocate();
        Assert.That(first.OffersTo("framework1").Count(), Is.EqualTo(2));
        Assert.That(allocator.AgentAvailable("agent3"), Is.EqualTo(R(Agent)));

        // Removing the limit lets the role have the rest.
        allocator.SetQuotaLimit("quota-role", new Dictionary<string, ScalarValue>());
        var second = allocator.Allocate();
        Assert.That(second.OffersTo("framework1").Single().AgentId, Is.EqualTo("agent3"));
    }

    [Test]
    public void QuotaLimit_a_limit_below_what_the_role_holds_stops_new_offers_but_takes_nothing_back()
    {
        allocator.AddFramework("framework1", "limited");
        allocator.AddAgent("agent1", R(Agent), "agent1");
        allocator.AddAgent("agent2", R(Agent), "agent2");
        allocator.Allocate();

        allocator.SetQuotaLimit("limited", Limit(("cpus", 1), ("mem", 512)));
        allocator.AddAgent("agent3", R(Agent), "agent3");
        var next = allocator.Allocate();

        Assert.That(next.Offers, Is.Empty);
        Assert.That(allocator.FrameworkAllocation("framework1").Cpus, Is.EqualTo(2));
        Assert.That(next.OutcomeOf("framework1").Reason, Is.EqualTo(NoOfferReason.QuotaLimitReached));
        Assert.That(allocator.KnownRoles, Does.Contain("limited"));
        Assert.That(allocator.QuotaLimit("limited")["cpus"], Is.EqualTo(ScalarValue.FromUnits(1)));
    }

    private static Dictionary<string, ScalarValue> Limit(params (string Name, double Value)[] quantities) =>
        quantities.ToDictionary(q => q.Name, q => ScalarValue.FromDouble(q.Value));

    private static ResourceSet R(string text) => ResourceSet.Parse(text);
}
