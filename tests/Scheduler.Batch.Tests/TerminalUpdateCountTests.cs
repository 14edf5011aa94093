using System.Text.Json.Nodes;
using Google.Protobuf;
using Scheduler.Batch.Http;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

/// <summary>How the Book counts the updates that end an attempt: repeats of one update apart from distinct news.</summary>
[TestFixture]
public sealed class TerminalUpdateCountTests : JobBookFixture
{
    private (Job Job, string TaskId) LaunchOne(string yaml = "name: one\ncommand: 'true'\ncpus: 0.1\nmem: 16\nretries: 1\n")
    {
        var job = Book.Submit(JobSpecParser.Parse(yaml), yaml);
        var offer = OfferOf("cpus:1;mem:1024");
        return (job, Book.PlanLaunches([offer]).Tasks.Keys.Single());
    }

    private bool Report(string taskId, TaskState state, string? uuid, TaskStatus.Types.Reason? reason = null)
    {
        var status = new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state };
        if (uuid is not null) status.Uuid = ByteString.CopyFromUtf8(uuid);
        if (reason is { } why) status.Reason = why;
        return Book.Update(status);
    }

    private static TaskAttempt Attempt(Job job) => job.Instances.Single().Attempts.Single();

    [Test]
    public void An_update_delivered_again_is_a_duplicate_and_running_updates_are_not_counted()
    {
        var (job, taskId) = LaunchOne();

        Report(taskId, TaskState.TaskRunning, "u1");
        Report(taskId, TaskState.TaskFinished, "u2");
        Report(taskId, TaskState.TaskFinished, "u2");
        Report(taskId, TaskState.TaskFinished, "u2");

        Assert.That((Attempt(job).TerminalUpdates.Distinct, Attempt(job).TerminalUpdates.Duplicates), Is.EqualTo((1, 2)));
        Assert.That(Attempt(job).Phase, Is.EqualTo(TaskPhase.Finished));
    }

    [Test]
    public void A_reconciliation_answer_repeating_the_agents_update_is_a_duplicate_in_either_order()
    {
        var (first, firstId) = LaunchOne();
        Report(firstId, TaskState.TaskFinished, "agent");
        Report(firstId, TaskState.TaskFinished, null, TaskStatus.Types.Reason.Reconciliation);

        var (second, secondId) = LaunchOne("name: two\ncommand: 'true'\ncpus: 0.1\nmem: 16\n");
        Report(secondId, TaskState.TaskFinished, null, TaskStatus.Types.Reason.Reconciliation);
        Report(secondId, TaskState.TaskFinished, "agent");

        Assert.That((Attempt(first).TerminalUpdates.Distinct, Attempt(first).TerminalUpdates.Duplicates), Is.EqualTo((1, 1)));
        Assert.That((Attempt(second).TerminalUpdates.Distinct, Attempt(second).TerminalUpdates.Duplicates), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Two_different_ends_of_one_attempt_are_two_distinct_updates_and_the_first_one_stands()
    {
        var (job, taskId) = LaunchOne();

        Report(taskId, TaskState.TaskFinished, "u1");
        Report(taskId, TaskState.TaskFinished, "u2");
        Report(taskId, TaskState.TaskLost, null);

        Assert.That((Attempt(job).TerminalUpdates.Distinct, Attempt(job).TerminalUpdates.Duplicates), Is.EqualTo((3, 0)));
        Assert.That(Attempt(job).TerminalUpdates.DistinctStates, Is.EqualTo(new[] { TaskState.TaskFinished, TaskState.TaskFinished, TaskState.TaskLost }));
        Assert.That(Attempt(job).Phase, Is.EqualTo(TaskPhase.Finished));
    }

    [Test]
    public void An_end_of_a_task_never_launched_is_counted_apart()
    {
        LaunchOne();

        Assert.That(Report("someone-else.0", TaskState.TaskFinished, "u1"), Is.False);
        Assert.That(Report("someone-else.1", TaskState.TaskRunning, "u2"), Is.False);

        Assert.That(Book.UnknownTaskEndings, Is.EqualTo(1));
    }

    [Test]
    public void The_job_detail_lists_every_attempt_with_its_counts()
    {
        var (job, taskId) = LaunchOne();
        Report(taskId, TaskState.TaskFailed, "u1");
        Report(taskId, TaskState.TaskFailed, "u1");

        var history = JobJson.Detail(job)["tasks"]![0]!["history"]!.AsArray();

        Assert.That(history, Has.Count.EqualTo(1));
        Assert.That(JsonNode.DeepEquals(history[0], new JsonObject
        {
            ["task_id"] = taskId, ["state"] = "failed", ["agent_id"] = "agent-1", ["message"] = "TaskFailed",
            ["terminal_updates"] = 1, ["duplicate_updates"] = 1, ["terminal_states"] = new JsonArray("TASK_FAILED"),
        }), Is.True, history[0]!.ToJsonString());
    }
}
