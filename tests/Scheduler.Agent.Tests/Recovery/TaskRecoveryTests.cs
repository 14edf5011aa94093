using Google.Protobuf;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Recovery;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Recovery;

[TestFixture]
public sealed class TaskRecoveryTests
{
    [Test]
    public void After_a_reboot_a_task_is_lost()
    {
        var status = TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskRunning), rebooted: true, null);

        Assert.That((status?.State, status?.Reason), Is.EqualTo(((TaskState?)TaskState.TaskLost, (TaskStatus.Types.Reason?)TaskStatus.Types.Reason.AgentRestarted)));
    }

    [Test]
    public void After_a_reboot_a_partition_aware_framework_hears_its_task_is_gone()
    {
        var checkpoint = Checkpoint(TaskState.TaskRunning);
        checkpoint.Framework.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });

        Assert.That(TaskRecovery.StatusAfterRestart("agent-1", checkpoint, rebooted: true, null)?.State, Is.EqualTo(TaskState.TaskGone));
    }

    [Test]
    public void A_reattached_task_and_a_task_whose_terminal_update_is_queued_report_nothing_new()
    {
        var running = ContainerRecovery.Reattached(new NeverEndingContainer());

        Assert.Multiple(() =>
        {
            Assert.That(TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskRunning), false, running), Is.Null);
            Assert.That(TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskFinished), true, null), Is.Null);
        });
    }

    [Test]
    public void A_task_that_ended_while_the_agent_was_down_reports_its_exit_code()
    {
        var ended = ContainerRecovery.Terminated(ContainerTermination.Exited(3));

        var status = TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskRunning), false, ended)!;

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
            Assert.That(status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value, Is.EqualTo("3"));
        });
    }

    [Test]
    public void A_task_being_killed_that_ended_while_the_agent_was_down_is_killed()
    {
        var ended = ContainerRecovery.Terminated(ContainerTermination.Signaled(15));

        Assert.That(TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskKilling), false, ended)?.State,
            Is.EqualTo(TaskState.TaskKilled));
    }

    [Test]
    public void A_task_whose_container_left_no_exit_status_fails_naming_why()
    {
        var status = TaskRecovery.StatusAfterRestart("agent-1", Checkpoint(TaskState.TaskRunning), false, ContainerRecovery.Unknown("c-1"))!;

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo(TaskState.TaskFailed));
            Assert.That(status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ExecutorTerminated));
            Assert.That(status.Message, Does.Contain("no exit status"));
        });
    }

    private static TaskCheckpoint Checkpoint(TaskState latest)
    {
        var update = new StatusUpdateReported
        {
            FrameworkId = new FrameworkID { Value = "framework-1" },
            Status = new TaskStatus { TaskId = new TaskID { Value = "task-1" }, State = latest, Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()) },
        };
        return new TaskCheckpoint(
            new FrameworkInfo { Id = new FrameworkID { Value = "framework-1" }, Name = "f", User = "root" },
            new TaskInfo { Name = "task-1", TaskId = new TaskID { Value = "task-1" }, AgentId = new AgentID { Value = "agent-1" } },
            "c-1", [(update, Guid.Empty)]);
    }

    private sealed class NeverEndingContainer : IRunningContainer
    {
        public string ContainerId => "c-1";
        public int Pid => 0;
        public Task<ContainerTermination> Termination => new TaskCompletionSource<ContainerTermination>().Task;
        public Task KillAsync(TimeSpan gracePeriod) => Task.CompletedTask;
        public ContainerUsage Usage() => new(DateTimeOffset.UtcNow, null, null, null, null, null);
    }
}
