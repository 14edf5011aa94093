using Scheduler.Cron.Runs;
using Scheduler.Cron.Specs;
using Scheduler.Cron.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Cron.Tests;

[TestFixture]
public sealed class CronBookTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private string directory = null!;
    private SqliteCronStore store = null!;
    private ManualClock clock = null!;
    private CronBook book = null!;
    private int offers;

    [SetUp]
    public void SetUp()
    {
        directory = Directory.CreateTempSubdirectory("cron-book-").FullName;
        store = new SqliteCronStore(Path.Combine(directory, "cron.db"));
        clock = new ManualClock(Start);
        book = new CronBook(store, clock);
    }

    [TearDown]
    public void TearDown()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A job due every minute on the minute unless the YAML says otherwise.</summary>
    private CronJob Put(string extra = "", string schedule = "* * * * *")
    {
        var yaml = $"name: job\nschedule: '{schedule}'\ncommand: echo hi\nmem: 16\n{extra}";
        return book.Put(CronSpecParser.Parse(yaml), yaml);
    }

    private Offer OfferOf(string resources = "cpus:4;mem:4096")
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = $"offer-{++offers}" }, AgentId = new AgentID { Value = "agent-1" },
            FrameworkId = new FrameworkID { Value = "fw" }, Hostname = "host",
        };
        offer.Resources.AddRange(ResourceSet.Parse(resources).ToProto());
        return offer;
    }

    private List<TaskInfo> Launch() => book.PlanLaunches([OfferOf()]).Tasks.Values.ToList();

    private void Report(TaskInfo task, TaskState state, string message = "") =>
        Assert.That(book.Update(new TaskStatus { TaskId = task.TaskId, State = state, Message = message, AgentId = task.AgentId }), Is.True);

    /// <summary>Moves the clock to <paramref name="seconds"/> past the start and ticks.</summary>
    private IReadOnlyList<Batch.Jobs.TaskKill> At(double seconds)
    {
        clock.Set(Start + TimeSpan.FromSeconds(seconds));
        return book.Tick();
    }

    private static string States(CronJob job) => string.Join(",", job.Runs.Select(run => CronBook.Name(run.Phase)));

    [Test]
    public void A_run_starts_when_due_launches_on_an_offer_and_finishes_into_the_history()
    {
        var job = Put();
        Assert.That(job.NextDue, Is.EqualTo(Start.AddMinutes(1)));

        At(30);
        Assert.That(job.Runs, Is.Empty, "not due yet");
        Assert.That(Launch(), Is.Empty);

        At(60);
        var task = Launch().Single();
        Report(task, TaskState.TaskRunning);
        At(62);
        Report(task, TaskState.TaskFinished);

        var run = job.Runs.Single();
        Assert.That((run.Number, run.Phase, run.Attempts), Is.EqualTo((1, RunPhase.Finished, 1)));
        Assert.That((run.ScheduledAt, run.StartedAt, run.EndedAt), Is.EqualTo((Start.AddMinutes(1), (DateTimeOffset?)Start.AddMinutes(1), (DateTimeOffset?)Start.AddSeconds(62))));
        Assert.That(job.NextDue, Is.EqualTo(Start.AddMinutes(2)));
        var variables = task.Command.Environment.Variables.ToDictionary(variable => variable.Name, variable => variable.Value);
        Assert.That(variables["SCHED_CRON_JOB"], Is.EqualTo("job"));
        Assert.That(variables["SCHED_CRON_RUN"], Is.EqualTo("1"));
        Assert.That(variables["SCHED_SCHEDULED_AT"], Is.EqualTo("2026-01-01T12:01:00Z"));
    }

    [Test]
    public void A_job_every_minute_runs_twice_in_two_minutes()
    {
        var job = Put();
        for (var second = 0; second <= 120; second++)
        {
            At(second);
            foreach (var task in Launch()) Report(task, TaskState.TaskFinished);
        }

        Assert.That(job.Runs.Select(run => (run.ScheduledAt, run.Phase)), Is.EqualTo(new[]
        {
            (Start.AddMinutes(1), RunPhase.Finished), (Start.AddMinutes(2), RunPhase.Finished),
        }));
    }

    [Test]
    public void Forbid_skips_a_run_due_while_the_previous_is_active()
    {
        var job = Put("concurrency_policy: Forbid\n");
        At(60);
        Report(Launch().Single(), TaskState.TaskRunning);

        At(120);

        Assert.That(States(job), Is.EqualTo("running,skipped"));
        Assert.That(job.Runs[1].Message, Is.EqualTo("run 1 was still running"));
        Assert.That(Launch(), Is.Empty);
    }

    [Test]
    public void Allow_runs_a_new_run_alongside_the_active_one()
    {
        var job = Put("concurrency_policy: Allow\n");
        At(60);
        Report(Launch().Single(), TaskState.TaskRunning);

        At(120);
        var second = Launch().Single();

        Assert.That(States(job), Is.EqualTo("running,staging"));
        Assert.That(second.TaskId.Value, Does.Contain(".2.0"));
    }

    [Test]
    public void Replace_kills_the_active_run_and_starts_the_new_one()
    {
        var job = Put("concurrency_policy: Replace\n");
        At(60);
        var first = Launch().Single();
        Report(first, TaskState.TaskRunning);

        var kills = At(120);

        Assert.That(kills.Select(kill => kill.TaskId), Is.EqualTo(new[] { first.TaskId.Value }));
        Report(first, TaskState.TaskKilled);
        Assert.That(States(job), Is.EqualTo("killed,pending"));
        Assert.That(job.Runs[0].Message, Is.EqualTo("replaced by run 2"));
        Assert.That(Launch(), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_failed_run_is_retried_after_its_backoff_then_fails_when_retries_are_spent()
    {
        var job = Put("retries: 1\nbackoff: 10s\n");
        At(60);
        Report(Launch().Single(), TaskState.TaskFailed, "Command exited with status 1");

        var run = job.Runs.Single();
        Assert.That((run.Phase, run.NotBefore), Is.EqualTo((RunPhase.Pending, Start.AddSeconds(70))));
        At(69);
        Assert.That(Launch(), Is.Empty, "still backing off");
        At(70);
        var retry = Launch().Single();
        Assert.That(retry.Command.Environment.Variables.Single(variable => variable.Name == "SCHED_ATTEMPT").Value, Is.EqualTo("1"));
        Report(retry, TaskState.TaskFailed, "Command exited with status 1");

        Assert.That((run.Phase, run.Attempts, run.Message), Is.EqualTo((RunPhase.Failed, 2, "Command exited with status 1")));
        Assert.That(run.StartedAt, Is.EqualTo(Start.AddSeconds(60)), "a run starts with its first attempt");
    }

    [Test]
    public void A_run_that_cannot_start_before_its_deadline_is_skipped()
    {
        var job = Put("starting_deadline: 30s\n");
        At(60);
        At(90);
        Assert.That(job.Runs.Single().Phase, Is.EqualTo(RunPhase.Pending), "at the deadline, still waiting");

        At(91);

        Assert.That(job.Runs.Single().Phase, Is.EqualTo(RunPhase.Skipped));
        Assert.That(job.Runs.Single().Message, Does.Contain("starting deadline of 30s"));
        Assert.That(Launch(), Is.Empty);
    }

    [Test]
    public void The_deadline_does_not_cut_short_the_retries_of_a_run_that_started()
    {
        var job = Put("starting_deadline: 5s\nretries: 1\nbackoff: 20s\n");
        At(60);
        Report(Launch().Single(), TaskState.TaskFailed);

        At(80);

        Assert.That(Launch(), Has.Count.EqualTo(1));
        Assert.That(job.Runs.Single().Phase, Is.EqualTo(RunPhase.Staging));
    }

    [Test]
    public void A_timed_out_attempt_is_killed_and_counts_as_a_failure()
    {
        var job = Put("timeout: 10s\nconcurrency_policy: Forbid\n");
        At(60);
        var task = Launch().Single();
        Report(task, TaskState.TaskRunning);

        Assert.That(At(70).Select(kill => kill.TaskId), Is.EqualTo(new[] { task.TaskId.Value }));
        Report(task, TaskState.TaskKilled);

        Assert.That((job.Runs.Single().Phase, job.Runs.Single().Message), Is.EqualTo((RunPhase.Failed, "timed out after 10s")));
    }

    [Test]
    public void Only_the_last_history_limit_ended_runs_are_kept_also_in_the_store()
    {
        var job = Put("history_limit: 3\n");
        for (var minute = 1; minute <= 5; minute++)
        {
            At(minute * 60);
            Report(Launch().Single(), TaskState.TaskFinished);
        }

        Assert.That(job.Runs.Select(run => run.Number), Is.EqualTo(new[] { 3, 4, 5 }));
        Assert.That(store.LoadRuns().Select(run => run.Number), Is.EqualTo(new[] { 3, 4, 5 }));
    }

    [Test]
    public void A_restarted_book_keeps_jobs_history_and_active_attempts_and_applies_their_updates()
    {
        Put("history_limit: 5\n");
        At(60);
        Report(Launch().Single(), TaskState.TaskFinished);
        At(120);
        var running = Launch().Single();
        Report(running, TaskState.TaskRunning);

        var restarted = new CronBook(store, clock);

        var job = restarted.Find("job")!;
        Assert.That(States(job), Is.EqualTo("finished,running"));
        Assert.That(job.NextDue, Is.EqualTo(Start.AddMinutes(3)));
        Assert.That(restarted.ActiveAttempts().Select(attempt => attempt.TaskId), Is.EqualTo(new[] { running.TaskId.Value }));
        Assert.That(restarted.Update(new TaskStatus { TaskId = running.TaskId, State = TaskState.TaskFinished }), Is.True);
        Assert.That(States(job), Is.EqualTo("finished,finished"));
        clock.Set(Start.AddMinutes(3));
        restarted.Tick();
        Assert.That(job.Runs[^1].Number, Is.EqualTo(3), "numbering goes on");
    }

    [Test]
    public void After_a_long_outage_only_the_latest_missed_time_runs()
    {
        var job = Put();

        At(10 * 60 + 5);

        Assert.That(job.Runs.Single().ScheduledAt, Is.EqualTo(Start.AddMinutes(10)));
        Assert.That(job.NextDue, Is.EqualTo(Start.AddMinutes(11)));
    }

    [Test]
    public void A_dropped_launch_waits_for_another_offer_and_is_not_counted()
    {
        var job = Put("retries: 0\n");
        At(60);
        var dropped = Launch().Single();
        Report(dropped, TaskState.TaskDropped, "agent gone");

        Assert.That((job.Runs.Single().Phase, job.Runs.Single().Attempts), Is.EqualTo((RunPhase.Pending, 0)));
        var again = Launch().Single();
        Assert.That(again.TaskId, Is.Not.EqualTo(dropped.TaskId), "a task id is never used twice");
    }

    [Test]
    public void Replacing_a_job_keeps_its_history_and_follows_the_new_schedule()
    {
        Put();
        At(60);
        Report(Launch().Single(), TaskState.TaskFinished);

        var job = Put(schedule: "0 * * * *");

        Assert.That(job.Runs, Has.Count.EqualTo(1));
        Assert.That(job.NextDue, Is.EqualTo(Start.AddHours(1)));
    }

    [Test]
    public void Removing_a_job_kills_its_running_attempts_and_forgets_it()
    {
        Put();
        At(60);
        var task = Launch().Single();

        var kills = book.Remove("job");

        Assert.That(kills!.Select(kill => kill.TaskId), Is.EqualTo(new[] { task.TaskId.Value }));
        Assert.That(book.Find("job"), Is.Null);
        Assert.That(store.LoadJobs(), Is.Empty);
        Assert.That(store.LoadRuns(), Is.Empty);
        Assert.That(book.Remove("job"), Is.Null);
    }
}
