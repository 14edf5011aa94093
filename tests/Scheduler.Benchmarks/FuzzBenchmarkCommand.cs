using System.Globalization;
using Scheduler.Fuzzing;

namespace Scheduler.Benchmarks;

/// <summary>
/// The long fuzz run: the scheduler and operator call decoders and the master's core, each for an equal share of
/// <c>--seconds</c>, from <c>--seed</c> (a time-derived one by default). Prints each target's figures and the first
/// failure with what replays it; exits 1 if any target failed.
/// </summary>
public static class FuzzBenchmarkCommand
{
    public static int Run(int seconds, int? seed, TextWriter output)
    {
        var runSeed = seed ?? FuzzRunner.TimeDerivedSeed();
        IFuzzTarget[] targets = [new DecoderTarget(CallFamily.Scheduler), new DecoderTarget(CallFamily.Operator), new CoreTarget()];
        var share = TimeSpan.FromSeconds(Math.Max(1, seconds) / (double)targets.Length);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzzing {targets.Length} targets for {share.TotalSeconds:F0} s each, seed {runSeed}"));
        var failed = false;
        foreach (var target in targets)
        {
            var report = FuzzRunner.Run(target, runSeed, share);
            output.WriteLine(report);
            if (report.Failure is null) continue;
            failed = true;
            output.WriteLine(report.Failure);
        }
        return failed ? 1 : 0;
    }
}
