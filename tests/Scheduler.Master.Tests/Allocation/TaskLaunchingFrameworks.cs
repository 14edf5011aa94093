using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

/// <summary>
/// Simulates frameworks with endless work: from every offer each launches one task of a fixed
/// size and hands the rest straight back. Tasks end only when a test ends them.
/// </summary>
public sealed class TaskLaunchingFrameworks(Allocator allocator, ResourceSet taskResources)
{
    private readonly Dictionary<string, List<(string AgentId, ResourceSet Resources)>> running = new(StringComparer.Ordinal);

    public int RunningTasks(string frameworkId) => running.GetValueOrDefault(frameworkId)?.Count ?? 0;

    /// <summary>Runs one allocation cycle and answers every offer; returns how many tasks were launched.</summary>
    public int RunCycle()
    {
        var launched = 0;
        foreach (var offer in allocator.Allocate().Offers)
        {
            var role = offer.Resources.AllocationRoles().Single();
            var task = taskResources.Allocate(role);
            var remainder = offer.Resources;
            if (offer.Resources.Contains(task))
            {
                Tasks(offer.FrameworkId).Add((offer.AgentId, task));
                remainder -= task;
                launched++;
            }

            allocator.RecoverResources(offer.FrameworkId, offer.AgentId, remainder, refuseFor: null);
        }

        return launched;
    }

    /// <summary>Runs cycles until one launches nothing, at most <paramref name="maximumCycles"/>.</summary>
    public void RunUntilFull(int maximumCycles = 1000)
    {
        for (var cycle = 0; cycle < maximumCycles && RunCycle() > 0; cycle++)
        {
        }
    }

    /// <summary>Ends each running task with the given probability, returning its resources.</summary>
    public void EndTasksAtRandom(Random random, double probability)
    {
        foreach (var (frameworkId, tasks) in running)
        {
            foreach (var task in tasks.Where(_ => random.NextDouble() < probability).ToList())
            {
                tasks.Remove(task);
                allocator.RecoverResources(frameworkId, task.AgentId, task.Resources, refuseFor: null);
            }
        }
    }

    private List<(string AgentId, ResourceSet Resources)> Tasks(string frameworkId)
    {
        if (!running.TryGetValue(frameworkId, out var tasks))
        {
            tasks = [];
            running[frameworkId] = tasks;
        }

        return tasks;
    }
}
