using System.Globalization;

namespace Scheduler.Fuzzing;

/// <summary>What one run of one target did: how many inputs, how fast, how many were refused, the first failure.</summary>
public sealed record FuzzReport(string Target, int Seed, long Iterations, long Rejected, TimeSpan Elapsed, FuzzFailure? Failure)
{
    public long Accepted => Iterations - Rejected;

    public double CasesPerSecond => Elapsed > TimeSpan.Zero ? Iterations / Elapsed.TotalSeconds : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"fuzz target={Target} seed={Seed} iterations={Iterations} accepted={Accepted} rejected={Rejected} " +
        $"seconds={Elapsed.TotalSeconds:F1} cases_per_second={CasesPerSecond:F0} failure={(Failure is null ? "none" : "yes")}");
}
