using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Benchmarks;

/// <summary>
/// Mesos's MultiFrameworkAllocations shape: a few frameworks placing thousands of small tasks, hundreds placing a
/// handful of larger ones, and dozens placing mid-sized jobs, on 80 large agents. Every cycle each framework takes,
/// first fit, as many of its waiting tasks as the offer holds (up to its per-offer cap) and gives back the rest,
/// until every task is placed or the cycles stop making progress.
/// </summary>
/// <param name="refuseFor">The refusal a framework declines with; none, as in Mesos's benchmark, when null.</param>
/// <param name="suppressWhenDone">
/// Whether a framework with every task placed suppresses its offers, as a well-behaved framework does. Mesos's
/// benchmark lets it go on declining instead; then the finished frameworks of the smallest roles, always first
/// in DRF order, take every agent each cycle and the others stop making progress.
/// </param>
public sealed class MultiFrameworkBenchmark(
    int agentCount,
    IReadOnlyList<FrameworkProfile> profiles,
    TimeSpan? refuseFor,
    int stallCycles,
    bool suppressWhenDone)
{
    public static readonly ResourceSet AgentResources = ResourceSet.Parse("cpus:64;mem:488000");
    private static readonly TimeSpan AllocationInterval = TimeSpan.FromSeconds(1);

    /// <summary>The profiles of Mesos's benchmark, with names that say what they stand for.</summary>
    public static IReadOnlyList<FrameworkProfile> MesosProfiles { get; } =
    [
        new("service", 4, RolePerFramework: true, 4_000, ResourceSet.Parse("cpus:0.07;mem:400"), MaxTasksPerOffer: 100),
        new("ci", 500, RolePerFramework: false, 5, ResourceSet.Parse("cpus:0.1;mem:4000"), MaxTasksPerOffer: 1),
        new("analytics", 50, RolePerFramework: true, 20, ResourceSet.Parse("cpus:1;mem:1000"), MaxTasksPerOffer: 5),
    ];

    public MultiFrameworkResult Run(Action<string>? reportCycle = null)
    {
        var clock = new SteppingClock();
        var allocator = new Allocator(clock, new ShuffledAgentOrder(new Random(42)), allocationInterval: AllocationInterval);
        for (var i = 0; i < agentCount; i++)
        {
            allocator.AddAgent($"agent-{i:D3}", AgentResources, $"host-{i}");
        }

        var waiting = new Dictionary<string, (FrameworkProfile Profile, int Tasks)>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            for (var i = 0; i < profile.Instances; i++)
            {
                allocator.AddFramework(profile.FrameworkId(i), profile.RoleOf(i));
                waiting[profile.FrameworkId(i)] = (profile, profile.TasksPerFramework);
            }
        }

        var tasksWanted = waiting.Values.Sum(framework => framework.Tasks);
        var tasksPlaced = 0;
        var placed = ResourceSet.Empty;
        var cycles = new List<CycleTime>();
        var offersPerCycle = new List<int>();
        var cyclesWithoutProgress = 0;
        using var stopwatch = new CycleStopwatch();
        var (_, total) = stopwatch.Measure(() =>
        {
            while (tasksPlaced < tasksWanted && cyclesWithoutProgress < stallCycles)
            {
                clock.Step(AllocationInterval);
                var (result, time) = stopwatch.Measure(allocator.Allocate);
                var placedBefore = tasksPlaced;
                foreach (var offer in result.Offers)
                {
                    var (profile, tasks) = waiting[offer.FrameworkId];
                    var remaining = offer.Resources.Unallocate();
                    var launched = 0;
                    while (launched < tasks && launched < profile.MaxTasksPerOffer && remaining.Contains(profile.TaskResources))
                    {
                        remaining -= profile.TaskResources;
                        placed += profile.TaskResources;
                        launched++;
                    }

                    waiting[offer.FrameworkId] = (profile, tasks - launched);
                    tasksPlaced += launched;
                    allocator.RecoverResources(offer.FrameworkId, offer.AgentId, remaining, refuseFor);
                    if (suppressWhenDone && tasks == launched && !allocator.IsSuppressed(offer.FrameworkId))
                    {
                        allocator.Suppress(offer.FrameworkId);
                    }
                }

                cycles.Add(time);
                offersPerCycle.Add(result.Offers.Count);
                cyclesWithoutProgress = tasksPlaced > placedBefore ? 0 : cyclesWithoutProgress + 1;
                reportCycle?.Invoke(
                    $"cycle {cycles.Count}: {result.Offers.Count} offers, {tasksPlaced - placedBefore} tasks placed, " +
                    $"{tasksPlaced}/{tasksWanted} in all, allocation {time.Wall.TotalMilliseconds:F1} ms " +
                    $"({time.Processor.TotalMilliseconds:F1} ms processor)");
            }

            return 0;
        });

        var unplaced = waiting.Values
            .GroupBy(framework => framework.Profile.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(framework => framework.Tasks), StringComparer.Ordinal);
        var capacity = Enumerable.Repeat(AgentResources, agentCount).Aggregate(ResourceSet.Empty, (sum, agent) => sum + agent);
        return new MultiFrameworkResult(
            agentCount, waiting.Count, tasksWanted, tasksPlaced, cycles, offersPerCycle, total, capacity, placed, unplaced);
    }
}
