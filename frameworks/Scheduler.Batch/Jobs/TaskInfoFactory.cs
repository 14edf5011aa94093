using Scheduler.Batch.Specs;
using Scheduler.Framework.Matching;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch.Jobs;

/// <summary>Turns a placed attempt into the task the agent runs: command or Docker image, and the job's environment.</summary>
public static class TaskInfoFactory
{
    public static TaskInfo Create(Placement placement, Job job, TaskInstance instance, TaskAttempt attempt)
    {
        var spec = instance.Spec;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SCHED_JOB_ID"] = job.Id,
            ["SCHED_TASK_NAME"] = spec.Name,
            ["SCHED_ATTEMPT"] = attempt.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (spec.Array is not null)
        {
            variables["SCHED_ARRAY_INDEX"] = instance.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            variables["SCHED_ARRAY_SIZE"] = spec.InstanceCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Create(placement, spec, variables, $"{job.Id} {instance.Key}");
    }

    /// <summary>
    /// The task for a placed spec under the placement's task id: its command or image, and its environment with
    /// <paramref name="variables"/> set over it.
    /// </summary>
    public static TaskInfo Create(Placement placement, TaskSpec spec, IReadOnlyDictionary<string, string> variables, string name)
    {
        var command = new CommandInfo { Environment = new Protocol.V1.Environment() };
        if (spec.Command is { } shell)
            command.Value = shell;
        else
            command.Shell = false;
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in variables) environment[key] = value;
        foreach (var (key, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            command.Environment.Variables.Add(new Protocol.V1.Environment.Types.Variable { Name = key, Value = value });

        var task = placement.ToTaskInfo(command, name);
        if (spec.Image is { } image)
            task.Container = new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new ContainerInfo.Types.DockerInfo { Image = image, Network = ContainerInfo.Types.DockerInfo.Types.Network.Host },
            };
        return task;
    }

    /// <summary>The request for an instance, in the resource library's text form.</summary>
    public static string Resources(TaskSpec spec)
    {
        var text = FormattableString.Invariant($"cpus:{spec.Cpus};mem:{spec.Mem}");
        return spec.Disk > 0 ? text + FormattableString.Invariant($";disk:{spec.Disk}") : text;
    }
}
