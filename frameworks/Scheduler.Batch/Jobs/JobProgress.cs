using Scheduler.Batch.Specs;

namespace Scheduler.Batch.Jobs;

/// <summary>
/// A job's instances counted by their own phase, per task, with the pending ones indexed in order. The
/// <see cref="JobBook"/> reports every change of an instance's own phase, so that deciding what may start and
/// whether work is pending costs the number of tasks and pending instances, not a re-evaluation of every instance.
/// It agrees with <see cref="Job.Evaluate"/>: an instance is pending there exactly when it is pending here, its job
/// is not killed and none of its task's dependencies failed or was killed.
/// </summary>
internal sealed class JobProgress
{
    private static readonly int PhaseCount = Enum.GetValues<TaskPhase>().Length;

    private readonly Job job;
    private readonly List<TaskTally> tasks = [];
    private readonly Dictionary<string, TaskTally> tasksByName = new(StringComparer.Ordinal);

    public JobProgress(Job job)
    {
        this.job = job;
        foreach (var instance in job.Instances)
        {
            if (!tasksByName.TryGetValue(instance.Spec.Name, out var tally))
            {
                tally = new TaskTally(instance.Spec, PhaseCount);
                tasks.Add(tally);
                tasksByName[instance.Spec.Name] = tally;
            }
            tally.Instances.Add(instance);
            Count(tally, instance, instance.OwnPhase, +1);
        }
    }

    /// <summary>Records that <paramref name="instance"/>'s own phase may have changed from <paramref name="before"/>.</summary>
    public void Moved(TaskInstance instance, TaskPhase before)
    {
        var after = instance.OwnPhase;
        if (after == before) return;
        var tally = tasksByName[instance.Spec.Name];
        Count(tally, instance, before, -1);
        Count(tally, instance, after, +1);
    }

    /// <summary>Whether some instance is pending, now or once its dependencies or backoff allow.</summary>
    public bool HasPending() => PendingTasks().Any();

    /// <summary>Pending instances whose dependencies finished, in the job's order; their backoff is not considered.</summary>
    public IEnumerable<TaskInstance> Startable()
    {
        foreach (var (tally, dependenciesDone) in PendingTasks())
            if (dependenciesDone)
                foreach (var index in tally.Pending)
                    yield return tally.Instances[index];
    }

    /// <summary>Tasks with pending instances that are not killed or failed by the job's kill or a broken dependency.</summary>
    private IEnumerable<(TaskTally Tally, bool DependenciesDone)> PendingTasks()
    {
        if (job.Killed) yield break;
        var broken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tally in tasks)
        {
            var dependencyBroken = tally.Spec.DependsOn.Any(broken.Contains);
            if (tally.Counts[(int)TaskPhase.Failed] > 0 || (dependencyBroken && tally.Pending.Count > 0))
                broken.Add(tally.Spec.Name);
            if (dependencyBroken || tally.Pending.Count == 0) continue;
            yield return (tally, tally.Spec.DependsOn.All(Finished));
        }
    }

    private bool Finished(string taskName) =>
        tasksByName.TryGetValue(taskName, out var tally) && tally.Counts[(int)TaskPhase.Finished] == tally.Instances.Count;

    private static void Count(TaskTally tally, TaskInstance instance, TaskPhase phase, int change)
    {
        tally.Counts[(int)phase] += change;
        if (phase != TaskPhase.Pending) return;
        if (change > 0) tally.Pending.Add(instance.Index);
        else tally.Pending.Remove(instance.Index);
    }

    private sealed class TaskTally(TaskSpec spec, int phases)
    {
        public TaskSpec Spec { get; } = spec;
        public List<TaskInstance> Instances { get; } = [];
        public int[] Counts { get; } = new int[phases];
        public SortedSet<int> Pending { get; } = [];
    }
}
