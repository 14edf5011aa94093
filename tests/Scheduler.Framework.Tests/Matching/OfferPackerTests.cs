using Scheduler.Framework.Matching;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Attribute = Scheduler.Protocol.V1.Attribute;

namespace Scheduler.Framework.Tests.Matching;

[TestFixture]
public class OfferPackerTests
{
    private static Offer AnOffer(string id, string resources, string role = "*", string? rack = null)
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = id },
            FrameworkId = new FrameworkID { Value = "fw-1" },
            AgentId = new AgentID { Value = $"agent-{id}" },
            Hostname = $"host-{id}",
            AllocationInfo = new Protocol.V1.Resource.Types.AllocationInfo { Role = role },
        };
        offer.Resources.AddRange(ResourceSet.Parse(resources).Allocate(role).ToProto());
        if (rack is not null)
            offer.Attributes.Add(new Attribute { Name = "rack", Type = Value.Types.Type.Text, Text = new Value.Types.Text { Value = rack } });
        return offer;
    }

    private static TaskRequest Request(string id, string resources) => new(id, ResourceSet.Parse(resources));

    private static Dictionary<string, string> OfferByRequest(PackingPlan plan) =>
        plan.Placements.ToDictionary(p => p.Request.Id, p => p.Offer.Id.Value);

    [Test]
    public void Requests_go_to_the_first_offer_that_holds_them()
    {
        var offers = new[] { AnOffer("o1", "cpus:1;mem:256"), AnOffer("o2", "cpus:1;mem:256") };

        var plan = new OfferPacker().Pack(offers, [Request("t1", "cpus:0.5;mem:64"), Request("t2", "cpus:0.5;mem:64"), Request("t3", "cpus:0.5;mem:64")]);

        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["t1"] = "o1", ["t2"] = "o1", ["t3"] = "o2" }));
        Assert.That(plan.Unplaced, Is.Empty);
        Assert.That(plan.UnusedOffers, Is.Empty);
    }

    [Test]
    public void Larger_requests_are_placed_first_so_that_everything_fits()
    {
        // In the given order the small task would take o1 and leave no room for the large one.
        var offers = new[] { AnOffer("o1", "cpus:2;mem:1024"), AnOffer("o2", "cpus:1;mem:1024") };

        var plan = new OfferPacker().Pack(offers, [Request("small", "cpus:1;mem:64"), Request("large", "cpus:2;mem:64")]);

        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["large"] = "o1", ["small"] = "o2" }));
    }

    [Test]
    public void The_dominant_resource_decides_the_order()
    {
        // Memory is the scarce resource here: the memory-heavy request goes first.
        var offers = new[] { AnOffer("o1", "cpus:8;mem:512"), AnOffer("o2", "cpus:8;mem:256") };

        var plan = new OfferPacker().Pack(offers, [Request("cpu-heavy", "cpus:4;mem:256"), Request("mem-heavy", "cpus:1;mem:512")]);

        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["mem-heavy"] = "o1", ["cpu-heavy"] = "o2" }));
    }

    [Test]
    public void What_fits_nowhere_is_unplaced_and_unused_offers_are_listed_for_declining()
    {
        var offers = new[] { AnOffer("o1", "cpus:1;mem:128"), AnOffer("o2", "cpus:1;mem:128") };

        var plan = new OfferPacker().Pack(offers, [Request("huge", "cpus:4;mem:64"), Request("fits", "cpus:0.5;mem:64")]);

        Assert.That(plan.Unplaced.Select(r => r.Id), Is.EqualTo(new[] { "huge" }));
        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["fits"] = "o1" }));
        Assert.That(plan.UnusedOffers.Select(o => o.Id.Value), Is.EqualTo(new[] { "o2" }));
    }

    [Test]
    public void Placed_resources_carry_the_offers_role_and_become_the_tasks_resources()
    {
        var offer = AnOffer("o1", "cpus:1;mem:128;ports:[31000-31010]", role: "batch");

        var placement = new OfferPacker().Pack([offer], [Request("t1", "cpus:0.5;mem:32;ports:[31005-31005]")]).Placements.Single();
        var task = placement.ToTaskInfo(new CommandInfo { Value = "true" });

        Assert.That(placement.Resources, Is.EqualTo(ResourceSet.Parse("cpus:0.5;mem:32;ports:[31005-31005]").Allocate("batch")));
        Assert.That(task.TaskId.Value, Is.EqualTo("t1"));
        Assert.That(task.Name, Is.EqualTo("t1"));
        Assert.That(task.AgentId, Is.EqualTo(offer.AgentId));
        Assert.That(task.Command.Value, Is.EqualTo("true"));
        Assert.That(ResourceSet.FromProto(task.Resources), Is.EqualTo(placement.Resources));
    }

    [Test]
    public void Constraints_see_the_placements_already_made_in_the_same_plan()
    {
        var offers = new[] { AnOffer("o1", "cpus:4;mem:1024", rack: "r1"), AnOffer("o2", "cpus:4;mem:1024", rack: "r1"), AnOffer("o3", "cpus:4;mem:1024", rack: "r2") };
        var packer = new OfferPacker([PlacementConstraint.Unique("rack")]);

        var plan = packer.Pack(offers, [Request("t1", "cpus:1;mem:64"), Request("t2", "cpus:1;mem:64"), Request("t3", "cpus:1;mem:64")]);

        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["t1"] = "o1", ["t2"] = "o3" }));
        Assert.That(plan.Unplaced.Select(r => r.Id), Is.EqualTo(new[] { "t3" }));
        Assert.That(plan.UnusedOffers.Select(o => o.Id.Value), Is.EqualTo(new[] { "o2" }));
    }

    [Test]
    public void Constraints_count_the_tasks_already_running()
    {
        var offers = new[] { AnOffer("o1", "cpus:4;mem:1024"), AnOffer("o2", "cpus:4;mem:1024") };
        var running = new PlacementSite("agent-o1", "host-o1", new Dictionary<string, string>());
        var packer = new OfferPacker([PlacementConstraint.MaxPer("hostname", 1)]);

        var plan = packer.Pack(offers, [Request("t1", "cpus:1;mem:64")], alreadyPlaced: [running]);

        Assert.That(OfferByRequest(plan), Is.EqualTo(new Dictionary<string, string> { ["t1"] = "o2" }));
    }

    [Test]
    public void Dominant_share_is_the_largest_fraction_of_any_offered_scalar()
    {
        var totals = new Dictionary<string, double> { ["cpus"] = 4, ["mem"] = 1000 };

        Assert.That(OfferPacker.DominantShare(ResourceSet.Parse("cpus:1;mem:500"), totals), Is.EqualTo(0.5));
        Assert.That(OfferPacker.DominantShare(ResourceSet.Parse("cpus:1;gpus:1"), totals), Is.EqualTo(double.PositiveInfinity));
        Assert.That(OfferPacker.DominantShare(ResourceSet.Empty, totals), Is.EqualTo(0));
    }
}
