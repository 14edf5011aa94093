using Scheduler.Framework.Matching;

namespace Scheduler.Framework.Tests.Matching;

[TestFixture]
public class PlacementConstraintTests
{
    private static PlacementSite Site(string hostname, params (string Name, string Value)[] attributes) =>
        new($"agent-{hostname}", hostname, attributes.ToDictionary(a => a.Name, a => a.Value));

    private static readonly PlacementSite HostA = Site("a", ("rack", "r1"), ("zone", "east"));
    private static readonly PlacementSite HostB = Site("b", ("rack", "r1"), ("zone", "west"));
    private static readonly PlacementSite HostC = Site("c", ("rack", "r2"), ("zone", "east"));
    private static readonly PlacementSite Bare = Site("d");

    [Test]
    public void Unique_allows_one_task_per_value()
    {
        var byHost = PlacementConstraint.Unique("hostname");
        var byRack = PlacementConstraint.Unique("rack");

        Assert.That(byHost.Allows(HostA, []), Is.True);
        Assert.That(byHost.Allows(HostA, [HostA]), Is.False);
        Assert.That(byHost.Allows(HostB, [HostA]), Is.True);
        Assert.That(byRack.Allows(HostB, [HostA]), Is.False, "a and b share rack r1");
        Assert.That(byRack.Allows(HostC, [HostA]), Is.True);
    }

    [Test]
    public void Cluster_without_a_value_follows_the_first_placement()
    {
        var cluster = PlacementConstraint.Cluster("rack");

        Assert.That(cluster.Allows(HostC, []), Is.True);
        Assert.That(cluster.Allows(HostB, [HostA]), Is.True);
        Assert.That(cluster.Allows(HostC, [HostA]), Is.False);
    }

    [Test]
    public void Cluster_with_a_value_allows_only_that_value()
    {
        var cluster = PlacementConstraint.Cluster("zone", "west");

        Assert.That(cluster.Allows(HostB, []), Is.True);
        Assert.That(cluster.Allows(HostA, []), Is.False);
    }

    [Test]
    public void Group_by_spreads_tasks_evenly_across_values()
    {
        var groupBy = PlacementConstraint.GroupBy("rack");

        Assert.That(groupBy.Allows(HostC, [HostA]), Is.True, "r2 has no task yet");
        Assert.That(groupBy.Allows(HostB, [HostA, HostC]), Is.True, "r1 and r2 hold one task each");
        Assert.That(groupBy.Allows(HostB, [HostA, HostB, HostC]), Is.False, "r1 already holds more than r2");
        Assert.That(groupBy.Allows(HostC, [HostA, HostB, HostC]), Is.True);
    }

    [Test]
    public void Group_by_with_a_minimum_waits_for_that_many_groups_before_reusing_one()
    {
        var groupBy = PlacementConstraint.GroupBy("zone", 3);

        Assert.That(groupBy.Allows(HostC, [HostA]), Is.False, "only one zone seen of the three required");
        Assert.That(groupBy.Allows(HostB, [HostA]), Is.True, "west is a new zone");
    }

    [Test]
    public void Like_and_unlike_match_the_whole_value_against_a_regular_expression()
    {
        var like = PlacementConstraint.Like("rack", "r[12]");
        var unlike = PlacementConstraint.Unlike("hostname", "a|b");

        Assert.That(like.Allows(HostA, []), Is.True);
        Assert.That(PlacementConstraint.Like("rack", "r").Allows(HostA, []), Is.False, "a partial match is no match");
        Assert.That(unlike.Allows(HostA, []), Is.False);
        Assert.That(unlike.Allows(HostC, []), Is.True);
    }

    [Test]
    public void Max_per_caps_the_tasks_per_value()
    {
        var maxPer = PlacementConstraint.MaxPer("rack", 2);

        Assert.That(maxPer.Allows(HostB, [HostA]), Is.True);
        Assert.That(maxPer.Allows(HostB, [HostA, HostB]), Is.False);
        Assert.That(maxPer.Allows(HostC, [HostA, HostB]), Is.True);
    }

    [Test]
    public void An_agent_without_the_attribute_satisfies_only_unlike()
    {
        Assert.That(PlacementConstraint.Unlike("rack", "r1").Allows(Bare, []), Is.True);
        Assert.That(PlacementConstraint.Unique("rack").Allows(Bare, []), Is.False);
        Assert.That(PlacementConstraint.Like("rack", ".*").Allows(Bare, []), Is.False);
        Assert.That(PlacementConstraint.MaxPer("rack", 5).Allows(Bare, []), Is.False);
    }

    [Test]
    public void Marathons_form_is_parsed_and_printed()
    {
        var maxPer = PlacementConstraint.Parse(["rack", "MAX_PER", "2"]);
        var unique = PlacementConstraint.Parse(["hostname", "UNIQUE"]);

        Assert.That(maxPer.Operator, Is.EqualTo(ConstraintOperator.MaxPer));
        Assert.That(maxPer.Value, Is.EqualTo("2"));
        Assert.That(maxPer.ToString(), Is.EqualTo("[\"rack\", \"MAX_PER\", \"2\"]"));
        Assert.That(unique.ToString(), Is.EqualTo("[\"hostname\", \"UNIQUE\"]"));
        Assert.That(PlacementConstraint.Parse(["zone", "group_by"]).Operator, Is.EqualTo(ConstraintOperator.GroupBy));
    }

    [Test]
    public void Malformed_constraints_are_refused()
    {
        Assert.That(() => PlacementConstraint.Parse(["rack", "NEAR"]), Throws.InstanceOf<FormatException>());
        Assert.That(() => PlacementConstraint.Parse(["rack"]), Throws.InstanceOf<FormatException>());
        Assert.That(() => PlacementConstraint.Parse(["rack", "MAX_PER"]), Throws.ArgumentException);
        Assert.That(() => PlacementConstraint.Parse(["rack", "MAX_PER", "0"]), Throws.ArgumentException);
        Assert.That(() => PlacementConstraint.Parse(["rack", "LIKE"]), Throws.ArgumentException);
        Assert.That(() => PlacementConstraint.Parse(["", "UNIQUE"]), Throws.ArgumentException);
    }
}
