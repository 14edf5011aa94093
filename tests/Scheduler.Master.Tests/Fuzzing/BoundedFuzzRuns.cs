using System.Globalization;
using Scheduler.Fuzzing;

namespace Scheduler.Master.Tests.Fuzzing;

/// <summary>
/// Runs a fuzz target for a few seconds with a fixed seed and then with a seed taken from the clock, prints the
/// figures, and fails with the input, its seed and the iteration that replays it when a property breaks.
/// </summary>
public static class BoundedFuzzRuns
{
    public static void Run(Func<IFuzzTarget> createTarget, int fixedSeed, TimeSpan budgetPerSeed)
    {
        foreach (var seed in new[] { fixedSeed, FuzzRunner.TimeDerivedSeed() })
        {
            var report = FuzzRunner.Run(createTarget(), seed, budgetPerSeed);
            TestContext.Progress.WriteLine(report.ToString());
            Assert.That(report.Failure, Is.Null, () => string.Create(CultureInfo.InvariantCulture,
                $"replay with seed {seed}: {report.Failure}"));
            Assert.That(report.Iterations, Is.GreaterThan(10), "inputs tried");
        }
    }
}
