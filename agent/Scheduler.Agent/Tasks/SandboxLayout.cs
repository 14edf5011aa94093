namespace Scheduler.Agent.Tasks;

/// <summary>Where a task's sandbox lives under the agent's work directory.</summary>
public static class SandboxLayout
{
    public static string RelativePath(string frameworkId, string taskId) =>
        Path.Combine("frameworks", Safe(frameworkId), "tasks", Safe(taskId));

    public static string For(string workDirectory, string frameworkId, string taskId) =>
        Path.Combine(workDirectory, RelativePath(frameworkId, taskId));

    private static string Safe(string id)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." || id.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new ArgumentException($"'{id}' cannot name a directory");
        return id;
    }
}
