using Scheduler.Batch.Specs;
using Scheduler.Cron.Schedules;
using Scheduler.Cron.Specs;

namespace Scheduler.Cron.Tests;

[TestFixture]
public sealed class CronSpecParserTests
{
    private static IReadOnlyList<string> ErrorsOf(string yaml) =>
        Assert.Throws<JobSpecException>(() => CronSpecParser.Parse(yaml, "nightly.yaml"))!.Errors;

    [Test]
    public void Every_field_is_read()
    {
        var spec = CronSpecParser.Parse("""
            name: nightly
            schedule: "0 2 * * *"
            time_zone: Europe/Berlin
            concurrency_policy: Forbid
            starting_deadline: 5m
            history_limit: 3
            command: ./backup.sh
            cpus: 0.5
            mem: 256
            retries: 2
            backoff: 10s
            timeout: 1h
            env: {TARGET: s3}
            """);

        Assert.That(spec.Name, Is.EqualTo("nightly"));
        Assert.That(spec.ScheduleText, Is.EqualTo("0 2 * * *"));
        Assert.That(spec.Schedule, Is.InstanceOf<CronExpressionSchedule>());
        Assert.That(((CronExpressionSchedule)spec.Schedule).Zone.Id, Is.EqualTo("Europe/Berlin"));
        Assert.That(spec.ConcurrencyPolicy, Is.EqualTo(ConcurrencyPolicy.Forbid));
        Assert.That(spec.StartingDeadline, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(spec.HistoryLimit, Is.EqualTo(3));
        Assert.That(spec.Task, Is.EqualTo(spec.Task with
        {
            Name = "nightly", Command = "./backup.sh", Cpus = 0.5, Mem = 256, Retries = 2, Backoff = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromHours(1),
        }));
        Assert.That(spec.Task.Environment["TARGET"], Is.EqualTo("s3"));
    }

    [Test]
    public void Defaults_are_utc_allow_no_deadline_and_ten_runs_of_history()
    {
        var spec = CronSpecParser.Parse("""{"name": "tick", "schedule": "R/2026-01-01T00:00:00Z/PT1M", "image": "busybox"}""");

        Assert.That(spec.Schedule, Is.InstanceOf<RepeatingInterval>());
        Assert.That(spec.TimeZone, Is.EqualTo("UTC"));
        Assert.That(spec.ConcurrencyPolicy, Is.EqualTo(ConcurrencyPolicy.Allow));
        Assert.That(spec.StartingDeadline, Is.Null);
        Assert.That(spec.HistoryLimit, Is.EqualTo(10));
        Assert.That(spec.Task.Image, Is.EqualTo("busybox"));
    }

    [Test]
    public void Each_mistake_is_reported_with_its_line_and_field()
    {
        var errors = ErrorsOf("""
            name: nightly
            schedule: "0 25 * * *"
            time_zone: Mars/Olympus
            concurrency_policy: Sometimes
            starting_deadline: soon
            history_limit: 0
            command: ./backup.sh
            cpus: -1
            retires: 2
            """);

        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "nightly.yaml:8: cpus: must be positive",
            "nightly.yaml:9: retires: unknown field (did you mean 'retries'?)",
            "nightly.yaml:3: time_zone: must be an IANA time zone such as UTC, Europe/Berlin or America/New_York",
            errors.Single(error => error.StartsWith("nightly.yaml:2: schedule: ", StringComparison.Ordinal)),
            "nightly.yaml:4: concurrency_policy: must be Allow, Forbid or Replace",
            "nightly.yaml:5: starting_deadline: must be a positive duration such as 30s, 5m or 2h",
            "nightly.yaml:6: history_limit: must be a whole number between 1 and 1000",
        }));
    }

    [Test]
    public void A_missing_schedule_and_command_are_named()
    {
        Assert.That(ErrorsOf("name: nightly\n"), Is.EquivalentTo(new[]
        {
            "nightly.yaml:1: command: a task needs a command or an image",
            "nightly.yaml:1: schedule: is required: a cron expression such as '*/5 * * * *' or an interval such as R/2026-01-01T00:00:00Z/PT1M",
        }));
    }

    [Test]
    public void Batch_only_fields_are_unknown_to_a_cron_job()
    {
        Assert.That(ErrorsOf("name: n\nschedule: '* * * * *'\ncommand: x\narray: 3\n"), Is.EqualTo(new[] { "nightly.yaml:4: array: unknown field" }));
    }

    [Test]
    public void The_example_file_is_valid()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Scheduler.sln"))) root = root.Parent ?? throw new DirectoryNotFoundException("no Scheduler.sln above the tests");
        var path = Path.Combine(root.FullName, "examples", "every-minute.yaml");
        var spec = CronSpecParser.Parse(File.ReadAllText(path), "every-minute.yaml");

        Assert.That(spec.Name, Is.EqualTo("every-minute"));
        Assert.That(spec.Schedule.NextAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero)), Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero)));
    }
}
