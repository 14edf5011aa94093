namespace Scheduler.Batch.Specs;

/// <summary>A job as submitted: a name and its tasks, whose dependencies form a DAG.</summary>
public sealed record JobSpec(string Name, IReadOnlyList<TaskSpec> Tasks)
{
    /// <summary>The tasks in an order where each comes after the tasks it depends on.</summary>
    public IReadOnlyList<TaskSpec> InDependencyOrder()
    {
        var byName = Tasks.ToDictionary(task => task.Name, StringComparer.Ordinal);
        var ordered = new List<TaskSpec>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void Visit(TaskSpec task)
        {
            if (!visited.Add(task.Name)) return;
            foreach (var dependency in task.DependsOn) Visit(byName[dependency]);
            ordered.Add(task);
        }
        foreach (var task in Tasks) Visit(task);
        return ordered;
    }
}
