using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Tasks;

/// <summary>How the end of a container becomes a task's terminal status update.</summary>
[TestFixture]
public sealed class TaskStatusBuilderTests
{
    [Test]
    public void Running_out_of_memory_fails_the_task_with_the_memory_limitation_reason()
    {
        var termination = ContainerTermination.MemoryLimitExceeded(exitCode: null, signal: 9, limitBytes: 64 << 20, maxUsedBytes: 64 << 20);

        var status = TaskStatusBuilder.Terminated("agent-1", "hog", termination, killRequested: false);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
            Assert.That(status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLimitationMemory));
            Assert.That(status.Message, Does.StartWith("Memory limit exceeded"));
            Assert.That(ExitCodeLabel(status), Is.EqualTo("137"));
        });
    }

    [Test]
    public void Running_out_of_memory_is_a_failure_even_while_a_kill_was_requested()
    {
        var termination = ContainerTermination.MemoryLimitExceeded(null, 9, 64 << 20, 64 << 20);

        var status = TaskStatusBuilder.Terminated("agent-1", "hog", termination, killRequested: true);

        Assert.That(status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLimitationMemory));
    }

    [Test]
    public void Exiting_with_zero_finishes_the_task()
    {
        var status = TaskStatusBuilder.Terminated("agent-1", "job", ContainerTermination.Exited(0), killRequested: false);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskFinished));
            Assert.That(status.HasReason, Is.False);
            Assert.That(status.Message, Is.EqualTo("Command exited with status 0"));
            Assert.That(ExitCodeLabel(status), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Exiting_with_three_fails_the_task_and_labels_the_exit_code()
    {
        var status = TaskStatusBuilder.Terminated("agent-1", "job", ContainerTermination.Exited(3), killRequested: false);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
            Assert.That(status.Reason, Is.EqualTo(TaskStatus.Types.Reason.CommandExecutorFailed));
            Assert.That(status.Labels.Labels_.Select(l => (l.Key, l.Value)), Is.EqualTo(new[] { (TaskStatusBuilder.ExitCodeLabel, "3") }));
            Assert.That(TaskStatusBuilder.ExitCodeLabel, Is.EqualTo("exit_code"));
        });
    }

    [Test]
    public void A_task_that_ends_after_a_kill_was_requested_is_killed()
    {
        var status = TaskStatusBuilder.Terminated("agent-1", "job", ContainerTermination.Signaled(15), killRequested: true);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskKilled));
            Assert.That(ExitCodeLabel(status), Is.EqualTo("143"), "128 plus the signal, as a shell reports it");
        });
    }

    [Test]
    public void A_task_killed_by_a_signal_nobody_asked_for_has_failed()
    {
        var status = TaskStatusBuilder.Terminated("agent-1", "job", ContainerTermination.Signaled(9), killRequested: false);

        Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
    }

    [Test]
    public void Every_update_names_its_task_and_agent_and_has_a_fresh_uuid()
    {
        var first = TaskStatusBuilder.Create("agent-1", "job", TaskState.TaskRunning);
        var second = TaskStatusBuilder.Create("agent-1", "job", TaskState.TaskRunning);

        Assert.Multiple(() =>
        {
            Assert.That(first.TaskId.Value, Is.EqualTo("job"));
            Assert.That(first.AgentId.Value, Is.EqualTo("agent-1"));
            Assert.That(first.Source, Is.EqualTo(TaskStatus.Types.Source.Executor));
            Assert.That(first.Uuid.Length, Is.EqualTo(16));
            Assert.That(second.Uuid, Is.Not.EqualTo(first.Uuid));
            Assert.That(first.HasMessage, Is.False);
            Assert.That(first.HasReason, Is.False);
        });
    }

    private static string? ExitCodeLabel(TaskStatus status) =>
        status.Labels?.Labels_.SingleOrDefault(l => l.Key == TaskStatusBuilder.ExitCodeLabel)?.Value;
}
