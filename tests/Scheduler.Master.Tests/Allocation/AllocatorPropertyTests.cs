using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

// FsCheck generates the arguments, which NUnit's analyzer cannot see.
#pragma warning disable NUnit1027

/// <summary>Properties that hold whatever frameworks, agents and time do, checked on random scripts.</summary>
[TestFixture]
public sealed class AllocatorPropertyTests
{
    [FsCheck.NUnit.Property(MaxTest = 300)]
    public void No_resource_is_ever_offered_twice_at_once(byte[] operations)
    {
        var script = new AllocatorScript();
        foreach (var operation in operations)
        {
            script.Step(operation, result =>
            {
                foreach (var agentId in script.AgentIds)
                {
                    var offeredNow = result.Offers.Where(offer => offer.AgentId == agentId)
                        .Aggregate(ResourceSet.Empty, (sum, offer) => sum + offer.Resources.Unallocate());
                    var free = script.Allocator.AgentTotal(agentId) - script.HeldOn(agentId);
                    Assert.That(free.Contains(offeredNow), Is.True,
                        $"{agentId} offered {offeredNow} while only {free} was free");
                }

                Assert.That(result.Offers.Select(offer => (offer.FrameworkId, offer.AgentId)), Is.Unique);
            });
        }
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public void Allocations_never_exceed_an_agents_total_and_match_what_is_held(byte[] operations)
    {
        var script = new AllocatorScript();
        foreach (var operation in operations)
        {
            script.Step(operation, _ => { });
            foreach (var agentId in script.AgentIds)
            {
                var allocated = script.Allocator.AgentAllocated(agentId);
                Assert.That(script.Allocator.AgentTotal(agentId).Contains(allocated), Is.True, $"{agentId} allocated {allocated}");
                Assert.That(allocated, Is.EqualTo(script.HeldOn(agentId)), agentId);
            }
        }
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public void Declined_resources_come_back(byte[] operations)
    {
        var script = new AllocatorScript();
        foreach (var operation in operations)
        {
            script.Step(operation, _ => { });
        }

        script.WakeEverything();
        script.DeclineAll();
        script.LetRefusalsLapse();
        var result = script.Allocator.Allocate();

        // Every resource not used by a task is offered again, each agent whole to one framework.
        foreach (var agentId in script.AgentIds)
        {
            var free = script.Allocator.AgentTotal(agentId) - script.HeldOn(agentId);
            var offers = result.Offers.Where(offer => offer.AgentId == agentId).ToList();
            var offered = offers.Aggregate(ResourceSet.Empty, (sum, offer) => sum + offer.Resources.Unallocate());
            Assert.That(offered, Is.EqualTo(Allocator.IsAllocatable(free) ? free : ResourceSet.Empty), agentId);
            Assert.That(offers, Has.Count.LessThanOrEqualTo(1), agentId);
        }
    }
}
