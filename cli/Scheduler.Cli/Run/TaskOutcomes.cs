using Scheduler.Protocol;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Cli.Run;

/// <summary>Turns a task's terminal status into the exit code of <c>sched run</c>, as <c>mesos-execute</c> does.</summary>
public static class TaskOutcomes
{
    public static RunOutcome From(TaskStatus status)
    {
        var exitCode = ExitCode(status);
        var message = status.HasMessage ? status.Message : status.State.ToString();
        return status.State switch
        {
            TaskState.TaskFinished => new RunOutcome(0, null),
            TaskState.TaskFailed when status.Reason == TaskStatus.Types.Reason.ContainerLimitationMemory =>
                new RunOutcome(exitCode ?? 137, $"Task killed by its memory limit: {message}"),
            TaskState.TaskFailed => new RunOutcome(exitCode is > 0 ? exitCode.Value : 1, exitCode is null ? $"Task failed: {message}" : null),
            TaskState.TaskKilled => new RunOutcome(exitCode is > 0 ? exitCode.Value : 137, $"Task was killed: {message}"),
            _ => new RunOutcome(1, $"Task ended {StateName(status.State)}: {message}"),
        };
    }

    private static int? ExitCode(TaskStatus status)
    {
        var label = status.Labels?.Labels_.FirstOrDefault(l => l.Key == TaskStatusBuilder.ExitCodeLabel);
        if (label is not null && int.TryParse(label.Value, out var code)) return code;
        const string prefix = "Command exited with status ";
        if (status.HasMessage && status.Message.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(status.Message.AsSpan(prefix.Length), out code)) return code;
        return null;
    }

    private static string StateName(TaskState state) => ProtoEnumNames.Of(state);
}
