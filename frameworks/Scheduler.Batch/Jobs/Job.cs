using Scheduler.Batch.Specs;

namespace Scheduler.Batch.Jobs;

/// <summary>A submitted job: its spec, the file it came from, and an instance per task (per index of an array task).</summary>
public sealed class Job
{
    public Job(string id, int number, JobSpec spec, string source, DateTimeOffset submittedAt)
    {
        Id = id;
        Number = number;
        Spec = spec;
        Source = source;
        SubmittedAt = submittedAt;
        Instances = spec.InDependencyOrder()
            .SelectMany(task => Enumerable.Range(0, task.InstanceCount).Select(index => new TaskInstance(task, index)))
            .ToList();
    }

    public string Id { get; }
    public int Number { get; }
    public JobSpec Spec { get; }
    public string Source { get; }
    public DateTimeOffset SubmittedAt { get; }
    public bool Killed { get; set; }

    /// <summary>Every instance, each task's after those of the tasks it depends on.</summary>
    public IReadOnlyList<TaskInstance> Instances { get; }

    /// <summary>Each instance's phase, in <see cref="Instances"/>' order.</summary>
    public IReadOnlyList<InstanceStatus> Evaluate()
    {
        var statuses = new List<InstanceStatus>(Instances.Count);
        var finishedByTask = new Dictionary<string, bool>(StringComparer.Ordinal);
        var brokenByTask = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var instance in Instances)
        {
            var task = instance.Spec;
            var brokenDependency = task.DependsOn.FirstOrDefault(dependency => brokenByTask.GetValueOrDefault(dependency));
            var dependenciesDone = task.DependsOn.All(dependency => finishedByTask.TryGetValue(dependency, out var finished) && finished);
            var status = instance.OwnPhase switch
            {
                TaskPhase.Pending when Killed => new InstanceStatus(instance, TaskPhase.Killed, dependenciesDone, "the job was killed"),
                TaskPhase.Pending when brokenDependency is not null =>
                    new InstanceStatus(instance, TaskPhase.Failed, false, $"dependency '{brokenDependency}' did not finish"),
                TaskPhase.Failed => new InstanceStatus(instance, TaskPhase.Failed, dependenciesDone, instance.Latest?.Message),
                var own => new InstanceStatus(instance, own, dependenciesDone, null),
            };
            statuses.Add(status);
            finishedByTask[task.Name] = finishedByTask.GetValueOrDefault(task.Name, true) && status.Phase == TaskPhase.Finished;
            brokenByTask[task.Name] = brokenByTask.GetValueOrDefault(task.Name) || status.Phase is TaskPhase.Failed or TaskPhase.Killed;
        }
        return statuses;
    }

    public JobPhase Phase(IReadOnlyList<InstanceStatus> statuses)
    {
        bool Ended(InstanceStatus status) => status.Phase is TaskPhase.Finished or TaskPhase.Failed or TaskPhase.Killed;
        if (!statuses.All(Ended))
            return statuses.Any(status => status.Phase != TaskPhase.Pending || status.Instance.Attempts.Count > 0) ? JobPhase.Running : JobPhase.Pending;
        return Killed && statuses.Any(status => status.Phase == TaskPhase.Killed) ? JobPhase.Killed
            : statuses.Any(status => status.Phase != TaskPhase.Finished) ? JobPhase.Failed
            : JobPhase.Finished;
    }
}
