using Scheduler.Fuzzing;

namespace Scheduler.Master.Tests.Fuzzing;

/// <summary>The master's core fed bent ACCEPTs, other calls, declines and status updates: it never throws and its books stay consistent.</summary>
[TestFixture]
public sealed class CoreFuzzTests
{
    [Test]
    public void Accept_validation_keeps_the_books_consistent() =>
        BoundedFuzzRuns.Run(() => new CoreTarget(), fixedSeed: 20_240_103, TimeSpan.FromSeconds(4));

    [Test]
    public void The_fuzzed_cluster_really_launches_and_refuses_tasks()
    {
        var target = new CoreTarget();
        var report = FuzzRunner.Run(target, seed: 11, TimeSpan.FromSeconds(30), maxIterations: 1_500);
        Assert.Multiple(() =>
        {
            Assert.That(report.Failure, Is.Null, () => report.Failure!.ToString());
            Assert.That(target.TasksLaunched, Is.GreaterThan(0), "tasks launched");
            Assert.That(target.TasksRefused, Is.GreaterThan(0), "tasks refused");
        });
    }
}
