using Scheduler.Agent.GarbageCollection;
using Scheduler.Agent.Tasks;
using Scheduler.Agent.Tests.StatusUpdates;

namespace Scheduler.Agent.Tests.GarbageCollection;

/// <summary>When finished sandboxes go, on a fake clock and disk over a temporary work directory.</summary>
[TestFixture]
public sealed class SandboxGarbageCollectorTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private FakeClock clock = null!;
    private FakeDiskUsage disk = null!;
    private string workDirectory = null!;
    private SandboxGarbageCollector collector = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new FakeClock();
        disk = new FakeDiskUsage();
        workDirectory = Directory.CreateTempSubdirectory("sandbox-gc-tests-").FullName;
        collector = new SandboxGarbageCollector(clock, disk, Week, 0.1, SandboxLayout.FrameworksDirectory(workDirectory));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(workDirectory, recursive: true);

    private string Sandbox(string framework, string task)
    {
        var sandbox = SandboxLayout.For(workDirectory, framework, task);
        Directory.CreateDirectory(sandbox);
        File.WriteAllText(Path.Combine(sandbox, "stdout"), "output");
        return sandbox;
    }

    [TestCase(0.0, 0.9)]
    [TestCase(0.5, 0.4)]
    [TestCase(0.85, 0.05)]
    [TestCase(0.95, 0.0)]
    public void The_wait_shrinks_as_the_disk_fills(double usage, double shareOfTheDelay) =>
        Assert.That(collector.MaxAge(usage).TotalHours, Is.EqualTo((Week * shareOfTheDelay).TotalHours).Within(1e-6));

    [Test]
    public void A_sandbox_stays_until_it_has_waited_and_then_goes()
    {
        var sandbox = Sandbox("fw", "done");
        collector.Schedule(sandbox);

        clock.Advance(Week * 0.9 - TimeSpan.FromSeconds(1));
        var early = collector.Collect();
        var stillThere = Directory.Exists(sandbox);
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = collector.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Empty);
            Assert.That(stillThere, Is.True);
            Assert.That(due, Is.EqualTo(new[] { sandbox }));
            Assert.That(Directory.Exists(sandbox), Is.False);
            Assert.That(collector.Scheduled, Is.Empty);
        });
    }

    [Test]
    public void A_full_disk_removes_scheduled_sandboxes_at_once()
    {
        var sandbox = Sandbox("fw", "done");
        collector.Schedule(sandbox);
        disk.Used = 0.92;

        Assert.That(collector.Collect(), Is.EqualTo(new[] { sandbox }));
        Assert.That(Directory.Exists(sandbox), Is.False);
    }

    [Test]
    public void A_framework_directory_goes_with_its_last_sandbox_but_not_before()
    {
        var first = Sandbox("fw", "first");
        var running = Sandbox("fw", "running");
        collector.Schedule(first);
        clock.Advance(Week);
        collector.Collect();
        var frameworkKeptForTheRunningTask = Directory.Exists(Path.Combine(SandboxLayout.FrameworksDirectory(workDirectory), "fw"));

        collector.Schedule(running);
        clock.Advance(Week);
        collector.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(frameworkKeptForTheRunningTask, Is.True);
            Assert.That(Directory.Exists(running), Is.False);
            Assert.That(Directory.Exists(Path.Combine(SandboxLayout.FrameworksDirectory(workDirectory), "fw")), Is.False);
            Assert.That(Directory.Exists(SandboxLayout.FrameworksDirectory(workDirectory)), Is.True, "the root stays");
        });
    }

    [Test]
    public void An_unscheduled_sandbox_stays()
    {
        var sandbox = Sandbox("fw", "relaunched");
        collector.Schedule(sandbox);

        var wasScheduled = collector.Unschedule(sandbox);
        clock.Advance(Week);

        Assert.Multiple(() =>
        {
            Assert.That(wasScheduled, Is.True);
            Assert.That(collector.Collect(), Is.Empty);
            Assert.That(Directory.Exists(sandbox), Is.True);
        });
    }

    [Test]
    public void The_wait_counts_from_an_earlier_time_when_given_one()
    {
        var sandbox = Sandbox("fw", "recovered");
        collector.Schedule(sandbox, since: clock.Now - Week);

        Assert.That(collector.Collect(), Is.EqualTo(new[] { sandbox }));
    }

    [Test]
    public void Scheduling_again_keeps_the_earlier_start()
    {
        var sandbox = Sandbox("fw", "twice");
        collector.Schedule(sandbox);
        clock.Advance(Week * 0.5);
        collector.Schedule(sandbox);
        clock.Advance(Week * 0.4);

        Assert.That(collector.Collect(), Is.EqualTo(new[] { sandbox }));
    }

    [Test]
    public void Only_directories_below_the_root_can_be_scheduled() =>
        Assert.That(() => collector.Schedule(workDirectory), Throws.ArgumentException);

    [Test]
    public void A_sandbox_already_gone_is_simply_dropped()
    {
        var sandbox = Sandbox("fw", "vanished");
        collector.Schedule(sandbox);
        Directory.Delete(sandbox, recursive: true);
        clock.Advance(Week);

        Assert.Multiple(() =>
        {
            Assert.That(collector.Collect(), Is.EqualTo(new[] { sandbox }));
            Assert.That(collector.Scheduled, Is.Empty);
        });
    }
}
