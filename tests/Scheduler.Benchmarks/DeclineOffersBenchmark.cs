using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Benchmarks;

/// <summary>
/// Mesos's DeclineOffers shape: identical agents, frameworks in one role that decline every
/// offer with a long refusal. Each measured cycle walks every agent past the frameworks that
/// refused it, so the time is what one full allocation cycle costs at this size.
/// </summary>
public sealed class DeclineOffersBenchmark(int agentCount, int frameworkCount)
{
    private static readonly ResourceSet AgentResources = ResourceSet.Parse("cpus:2;mem:1024;disk:4096;ports:[31000-32000]");
    private static readonly TimeSpan LongRefusal = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs warm-up and measured cycles; returns the wall-clock duration of each measured cycle
    /// and the processor time the process spent in it, which other work on the machine does not inflate.
    /// </summary>
    public IReadOnlyList<CycleTime> Run(int measuredCycles, int warmUpCycles = 5)
    {
        var clock = new SteppingClock();
        var allocator = new Allocator(clock, new ShuffledAgentOrder(new Random(42)));
        for (var i = 0; i < agentCount; i++)
        {
            allocator.AddAgent($"agent-{i:D6}", AgentResources, $"host-{i}");
        }

        for (var i = 0; i < frameworkCount; i++)
        {
            allocator.AddFramework($"framework-{i:D5}", RoleName.Unreserved);
        }

        var durations = new List<CycleTime>();
        using var stopwatch = new CycleStopwatch();
        for (var cycle = 0; cycle < warmUpCycles + measuredCycles; cycle++)
        {
            var (result, time) = stopwatch.Measure(allocator.Allocate);
            if (cycle >= warmUpCycles)
            {
                durations.Add(time);
            }

            foreach (var offer in result.Offers)
            {
                allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, LongRefusal);
            }

            clock.Step(TimeSpan.FromSeconds(1));
        }

        return durations;
    }
}
