namespace Scheduler.Agent.Tasks;

/// <summary>Where a task's sandbox lives under the agent's work directory.</summary>
public static class SandboxLayout
{
    private const string Frameworks = "frameworks";
    private const string Tasks = "tasks";

    public static string RelativePath(string frameworkId, string taskId) =>
        Path.Combine(Frameworks, Safe(frameworkId), Tasks, Safe(taskId));

    /// <summary>The sandbox's path, or null when an id cannot name a directory.</summary>
    public static string? TryFor(string workDirectory, string frameworkId, string taskId)
    {
        try
        {
            return For(workDirectory, frameworkId, taskId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The directory that holds every framework's sandboxes.</summary>
    public static string FrameworksDirectory(string workDirectory) => Path.Combine(workDirectory, Frameworks);

    /// <summary>The sandboxes that exist under the work directory, with their framework and task ids.</summary>
    public static IReadOnlyList<(string FrameworkId, string TaskId, string Path)> List(string workDirectory)
    {
        var frameworks = FrameworksDirectory(workDirectory);
        if (!Directory.Exists(frameworks))
            return [];
        return Directory.EnumerateDirectories(frameworks)
            .SelectMany(framework => Directory.Exists(Path.Combine(framework, Tasks))
                ? Directory.EnumerateDirectories(Path.Combine(framework, Tasks)).Select(task => (Path.GetFileName(framework), Path.GetFileName(task), task))
                : [])
            .ToList();
    }

    public static string For(string workDirectory, string frameworkId, string taskId) =>
        Path.Combine(workDirectory, RelativePath(frameworkId, taskId));

    private static string Safe(string id)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." || id.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new ArgumentException($"'{id}' cannot name a directory");
        return id;
    }
}
