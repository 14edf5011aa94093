using System.Diagnostics;
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
    public IReadOnlyList<(TimeSpan Wall, TimeSpan Processor)> Run(int measuredCycles, int warmUpCycles = 5)
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

        var durations = new List<(TimeSpan Wall, TimeSpan Processor)>();
        using var process = Process.GetCurrentProcess();
        for (var cycle = 0; cycle < warmUpCycles + measuredCycles; cycle++)
        {
            process.Refresh();
            var processorBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var result = allocator.Allocate();
            stopwatch.Stop();
            process.Refresh();
            var processor = process.TotalProcessorTime - processorBefore;
            if (cycle >= warmUpCycles)
            {
                durations.Add((stopwatch.Elapsed, processor));
            }

            foreach (var offer in result.Offers)
            {
                allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, LongRefusal);
            }

            clock.Step(TimeSpan.FromSeconds(1));
        }

        return durations;
    }

    private sealed class SteppingClock : IClock
    {
        public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Step(TimeSpan duration) => Now += duration;
    }
}
