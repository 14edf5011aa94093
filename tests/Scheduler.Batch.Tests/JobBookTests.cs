using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

[TestFixture]
public sealed class JobBookTests : JobBookFixture
{
    private List<TaskInfo> Launch(string resources = "cpus:4;mem:4096") =>
        Book.PlanLaunches([OfferOf(resources)]).Tasks.Values.ToList();

    private void Report(TaskInfo task, TaskState state, string message = "") =>
        Report(task.TaskId.Value, state, message);

    private void Report(string taskId, TaskState state, string message = "") =>
        Assert.That(Book.Update(new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state, Message = message, AgentId = new AgentID { Value = "agent-1" } }), Is.True);

    private static TaskPhase PhaseOf(Job job, string key) => job.Evaluate().Single(status => status.Instance.Key == key).Phase;

    [Test]
    public void An_array_task_launches_one_attempt_per_index_with_the_index_in_the_environment()
    {
        Submit("name: hello\ncommand: echo $SCHED_ARRAY_INDEX\narray: 3\ncpus: 0.1\nmem: 32\n");

        var tasks = Launch();

        Assert.That(tasks.Select(task => task.TaskId.Value), Is.EquivalentTo(new[] { "hello-1.hello.0.0", "hello-1.hello.1.0", "hello-1.hello.2.0" }));
        var indexes = tasks.Select(task => task.Command.Environment.Variables.Single(variable => variable.Name == "SCHED_ARRAY_INDEX").Value);
        Assert.That(indexes, Is.EquivalentTo(new[] { "0", "1", "2" }));
        Assert.That(Launch(), Is.Empty, "instances with an attempt under way are not launched again");
    }

    [Test]
    public void Only_what_fits_the_offer_is_launched()
    {
        Submit("name: big\ncommand: x\narray: 5\ncpus: 1\nmem: 10\n");

        Assert.That(Launch("cpus:2;mem:100"), Has.Count.EqualTo(2));
        Assert.That(Launch("cpus:2;mem:100"), Has.Count.EqualTo(2));
        Assert.That(Launch("cpus:2;mem:100"), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_task_starts_only_after_every_instance_of_its_dependencies_finished()
    {
        var job = Submit("""
            name: dag
            tasks:
              - {name: test, command: t, depends_on: build}
              - {name: build, command: b, array: 2}
            """);

        var builds = Launch();
        Assert.That(builds.Select(task => task.TaskId.Value), Is.EquivalentTo(new[] { "dag-1.build.0.0", "dag-1.build.1.0" }));
        Report(builds[0], TaskState.TaskFinished);
        Assert.That(Launch(), Is.Empty, "one build is still running");
        Report(builds[1], TaskState.TaskFinished);

        Assert.That(Launch().Single().TaskId.Value, Is.EqualTo("dag-1.test.0"));
        Assert.That(job.Phase(job.Evaluate()), Is.EqualTo(JobPhase.Running));
    }

    [Test]
    public void A_failed_task_is_retried_after_a_doubling_backoff_then_reported_failed()
    {
        var job = Submit("name: flaky\ncommand: exit 1\nretries: 2\nbackoff: 10s\n");

        Report(Launch().Single(), TaskState.TaskFailed, "Command exited with status 1");
        Assert.That(Launch(), Is.Empty, "the first retry waits 10 s");
        Clock.Advance(TimeSpan.FromSeconds(10));
        var second = Launch().Single();
        Assert.That(second.TaskId.Value, Is.EqualTo("flaky-1.flaky.1"));

        Report(second, TaskState.TaskFailed, "Command exited with status 1");
        Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.That(Launch(), Is.Empty, "the second retry waits 20 s");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Report(Launch().Single(), TaskState.TaskFailed, "Command exited with status 1");

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(Launch(), Is.Empty, "no attempts are left");
        var status = job.Evaluate().Single();
        Assert.That(status.Phase, Is.EqualTo(TaskPhase.Failed));
        Assert.That(status.Reason, Is.EqualTo("Command exited with status 1"));
        Assert.That(job.Phase(job.Evaluate()), Is.EqualTo(JobPhase.Failed));
        Assert.That(Book.HasPendingWork(), Is.False);
    }

    [Test]
    public void Unused_offers_are_refused_until_the_next_backoff_ends_or_for_a_minute_when_nothing_is_pending()
    {
        Submit("name: flaky\ncommand: exit 1\nretries: 1\nbackoff: 2s\n");
        var task = Launch().Single();
        Report(task, TaskState.TaskFailed);

        Assert.That(Book.PlanLaunches([OfferOf()]).RefuseFor, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Report(Launch().Single(), TaskState.TaskFinished);
        Assert.That(Book.PlanLaunches([OfferOf()]).RefuseFor, Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Dependents_of_a_task_that_failed_finally_fail_without_running()
    {
        var job = Submit("""
            name: dag
            tasks:
              - {name: build, command: b}
              - {name: test, command: t, depends_on: build}
            """);

        Report(Launch().Single(), TaskState.TaskFailed);

        Assert.That(job.Evaluate().Single(status => status.Instance.Key == "test").Reason, Is.EqualTo("dependency 'build' did not finish"));
        Assert.That(PhaseOf(job, "test"), Is.EqualTo(TaskPhase.Failed));
        Assert.That(job.Phase(job.Evaluate()), Is.EqualTo(JobPhase.Failed));
    }

    [Test]
    public void An_attempt_past_its_timeout_is_killed_and_counts_as_failed()
    {
        var job = Submit("name: slow\ncommand: sleep 100\ntimeout: 30s\nretries: 1\nbackoff: 1s\n");
        var task = Launch().Single();
        Report(task, TaskState.TaskRunning);

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(Book.DueKills(), Is.Empty);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Book.DueKills().Single(), Is.EqualTo(new TaskKill(task.TaskId.Value, "agent-1")));
        Assert.That(Book.DueKills(), Is.Empty, "the kill is not sent again at once");
        Clock.Advance(JobBook.KillRetryInterval);
        Assert.That(Book.DueKills(), Has.Count.EqualTo(1), "an unanswered kill is sent again");

        Report(task, TaskState.TaskKilled);
        Assert.That(job.Instances.Single().Latest!.Message, Is.EqualTo("timed out after 30s"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Launch().Single().TaskId.Value, Is.EqualTo("slow-1.slow.1"), "a timeout is retried like a failure");
    }

    [Test]
    public void Killing_a_job_kills_its_running_attempts_and_starts_nothing_more()
    {
        var job = Submit("name: many\ncommand: sleep 100\narray: 3\ncpus: 1\nmem: 10\n");
        var running = Launch("cpus:2;mem:100");

        var kills = Book.Kill(job.Id)!;

        Assert.That(kills.Select(kill => kill.TaskId), Is.EquivalentTo(running.Select(task => task.TaskId.Value)));
        Assert.That(Launch(), Is.Empty);
        foreach (var task in running) Report(task, TaskState.TaskKilled);
        Assert.That(job.Evaluate().Select(status => status.Phase), Is.All.EqualTo(TaskPhase.Killed));
        Assert.That(job.Phase(job.Evaluate()), Is.EqualTo(JobPhase.Killed));
        Assert.That(Book.Kill("nope-1"), Is.Null);
    }

    [Test]
    public void A_restarted_book_relaunches_nothing_that_ran_and_carries_on_with_the_rest()
    {
        var job = Submit("name: resume\ncommand: x\narray: 3\ncpus: 1\nmem: 10\n");
        var first = Launch("cpus:2;mem:100");
        Report(first[0], TaskState.TaskFinished);
        Report(first[1], TaskState.TaskRunning);

        var restarted = new JobBook(Store, Clock);

        var again = restarted.Find(job.Id)!;
        Assert.That(again.Evaluate().Select(status => status.Phase), Is.EqualTo(new[] { TaskPhase.Finished, TaskPhase.Running, TaskPhase.Pending }));
        Assert.That(restarted.ActiveAttempts().Single().TaskId, Is.EqualTo(first[1].TaskId.Value), "the running attempt is to be reconciled");
        var launched = restarted.PlanLaunches([OfferOf()]).Tasks.Keys;
        Assert.That(launched, Is.EqualTo(new[] { "resume-1.resume.2.0" }));
        Assert.That(restarted.Submit(JobSpecParser.Parse("name: resume\ncommand: x\n"), "name: resume\ncommand: x\n").Id, Is.EqualTo("resume-2"));
    }

    [Test]
    public void An_attempt_the_master_never_knew_is_launched_again_without_using_a_retry()
    {
        var job = Submit("name: lost\ncommand: x\n");
        var first = Launch().Single();

        Report(first, TaskState.TaskUnknown);
        var second = Launch().Single();

        Assert.That(second.TaskId.Value, Is.EqualTo("lost-1.lost.1"));
        Report(second, TaskState.TaskFinished);
        Assert.That(job.Phase(job.Evaluate()), Is.EqualTo(JobPhase.Finished));
    }

    [Test]
    public void Repeated_and_stale_updates_do_no_harm()
    {
        var job = Submit("name: once\ncommand: x\n");
        var task = Launch().Single();

        Report(task, TaskState.TaskFinished);
        Report(task, TaskState.TaskFinished);
        Report(task, TaskState.TaskRunning);

        Assert.That(PhaseOf(job, "once"), Is.EqualTo(TaskPhase.Finished));
        Assert.That(Book.Update(new TaskStatus { TaskId = new TaskID { Value = "someone-else" }, State = TaskState.TaskRunning }), Is.False);
    }

    [Test]
    public void A_docker_task_runs_in_its_image()
    {
        Submit("name: boxed\nimage: local/busybox:1\ncommand: echo hi\n");

        var task = Launch().Single();

        Assert.That(task.Container.Docker.Image, Is.EqualTo("local/busybox:1"));
        Assert.That(task.Command.Value, Is.EqualTo("echo hi"));
    }
}
