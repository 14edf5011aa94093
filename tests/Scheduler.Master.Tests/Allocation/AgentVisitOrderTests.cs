using Scheduler.Master.Allocation;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class AgentVisitOrderTests
{
    private static readonly string[] Agents = ["a", "b", "c"];

    [Test]
    public void Round_robin_starts_one_agent_further_each_cycle()
    {
        var order = new RoundRobinAgentOrder();

        Assert.That(order.Order(Agents), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(order.Order(Agents), Is.EqualTo(new[] { "b", "c", "a" }));
        Assert.That(order.Order(Agents), Is.EqualTo(new[] { "c", "a", "b" }));
        Assert.That(order.Order(Agents), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(order.Order([]), Is.Empty);
    }

    [Test]
    public void Shuffling_visits_every_agent_once_in_a_seed_determined_order()
    {
        var many = Enumerable.Range(0, 50).Select(i => $"agent-{i}").ToList();

        var first = new ShuffledAgentOrder(new Random(3)).Order(many);
        var again = new ShuffledAgentOrder(new Random(3)).Order(many);

        Assert.That(first, Is.EquivalentTo(many));
        Assert.That(first, Is.EqualTo(again));
        Assert.That(first, Is.Not.EqualTo(many));
    }
}
