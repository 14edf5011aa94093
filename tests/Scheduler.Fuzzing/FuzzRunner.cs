using System.Diagnostics;

namespace Scheduler.Fuzzing;

/// <summary>
/// Feeds a target generated inputs until a time budget or an iteration count runs out, or until the first
/// failure. Every input comes from one random source seeded once, so a seed replays a whole run.
/// </summary>
public static class FuzzRunner
{
    /// <summary>A seed that differs between runs, for a run that explores beyond the fixed seeds.</summary>
    public static int TimeDerivedSeed() => (int)(DateTime.UtcNow.Ticks & 0x7FFF_FFFF);

    public static FuzzReport Run(IFuzzTarget target, int seed, TimeSpan budget, long maxIterations = long.MaxValue)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long iterations = 0, rejected = 0;
        FuzzFailure? failure = null;
        while (iterations < maxIterations && clock.Elapsed < budget)
        {
            var input = target.Generate(random);
            iterations++;
            try
            {
                if (target.Execute(input) == FuzzVerdict.Rejected) rejected++;
            }
            catch (Exception e)
            {
                failure = new FuzzFailure(seed, iterations, input, e);
                break;
            }
        }
        return new FuzzReport(target.Name, seed, iterations, rejected, clock.Elapsed, failure);
    }
}
