namespace Scheduler.Agent.Containers;

/// <summary>
/// The complete environment of a task: nothing leaks from the agent. Sensible PATH and HOME defaults,
/// overridden by the task's own variables, plus the sandbox variables the agent always sets.
/// </summary>
public static class ContainerEnvironment
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyDictionary<string, string> For(ContainerLaunchSpec spec)
    {
        var sandbox = Path.GetFullPath(spec.SandboxDirectory);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = DefaultPath,
            ["HOME"] = sandbox,
        };
        foreach (var (name, value) in spec.Environment)
            environment[name] = value;
        environment["MESOS_SANDBOX"] = sandbox;
        environment["MESOS_TASK_ID"] = spec.TaskId;
        environment["MESOS_FRAMEWORK_ID"] = spec.FrameworkId;
        return environment;
    }
}
