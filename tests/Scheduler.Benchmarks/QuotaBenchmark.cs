using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Benchmarks;

/// <summary>
/// Mesos's LargeAndSmallQuota shape: roles with a guarantee of half an agent and roles with a guarantee of two
/// agents, one framework each, on as many agents as Mesos uses for them (small / 5 + large × 5). It times the first
/// cycle, which offers every agent to a role below its guarantee, and the next one with those offers held, as
/// Mesos does; then every framework declines everything with a long refusal, and it times those cycles, in which
/// each agent is walked past the roles that refused it.
/// </summary>
public sealed class QuotaBenchmark(int smallQuotaRoles, int largeQuotaRoles)
{
    public static readonly ResourceSet AgentResources = ResourceSet.Parse("cpus:2;mem:2048;disk:2048");
    private static readonly ResourceSet SmallGuarantee = ResourceSet.Parse("cpus:1;mem:1024;disk:1024");
    private static readonly ResourceSet LargeGuarantee = ResourceSet.Parse("cpus:4;mem:4096;disk:4096");
    private static readonly TimeSpan LongRefusal = TimeSpan.FromDays(1);

    public int AgentCount => smallQuotaRoles / 5 + largeQuotaRoles * 5;

    public QuotaBenchmarkResult Run(int measuredCycles, int warmUpCycles = 5)
    {
        var clock = new SteppingClock();
        var allocator = new Allocator(clock, new ShuffledAgentOrder(new Random(42)));
        for (var i = 0; i < AgentCount; i++)
        {
            allocator.AddAgent($"agent-{i:D5}", AgentResources, $"host-{i}");
        }

        AddRoles("small-quota", smallQuotaRoles, SmallGuarantee);
        AddRoles("large-quota", largeQuotaRoles, LargeGuarantee);

        using var stopwatch = new CycleStopwatch();
        var (first, firstTime) = stopwatch.Measure(allocator.Allocate);
        clock.Step(TimeSpan.FromSeconds(1));
        var (second, secondTime) = stopwatch.Measure(allocator.Allocate);
        DeclineAll(first);
        DeclineAll(second);

        var declineCycles = new List<CycleTime>();
        for (var cycle = 0; cycle < warmUpCycles + measuredCycles; cycle++)
        {
            clock.Step(TimeSpan.FromSeconds(1));
            var (result, time) = stopwatch.Measure(allocator.Allocate);
            if (cycle >= warmUpCycles)
            {
                declineCycles.Add(time);
            }

            DeclineAll(result);
        }

        return new QuotaBenchmarkResult(
            AgentCount, smallQuotaRoles + largeQuotaRoles, firstTime, first.Offers.Count, secondTime, second.Offers.Count, declineCycles);

        void AddRoles(string prefix, int count, ResourceSet guarantee)
        {
            for (var i = 0; i < count; i++)
            {
                var role = $"{prefix}-{i}";
                allocator.AddFramework($"framework-{role}", role);
                allocator.SetQuotaGuarantee(role, guarantee);
            }
        }

        void DeclineAll(AllocationResult result)
        {
            foreach (var offer in result.Offers)
            {
                allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, LongRefusal);
            }
        }
    }
}
