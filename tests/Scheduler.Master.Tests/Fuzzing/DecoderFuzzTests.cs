using Scheduler.Fuzzing;

namespace Scheduler.Master.Tests.Fuzzing;

/// <summary>The v1 APIs' decoders and call checks under mutated and generated bodies: only documented parse errors escape.</summary>
[TestFixture]
public sealed class DecoderFuzzTests
{
    private static readonly TimeSpan BudgetPerSeed = TimeSpan.FromSeconds(2.5);

    [Test]
    public void Scheduler_calls_decode_or_fail_with_a_parse_error() =>
        BoundedFuzzRuns.Run(() => new DecoderTarget(CallFamily.Scheduler), fixedSeed: 20_240_101, BudgetPerSeed);

    [Test]
    public void Operator_calls_decode_or_fail_with_a_parse_error() =>
        BoundedFuzzRuns.Run(() => new DecoderTarget(CallFamily.Operator), fixedSeed: 20_240_102, BudgetPerSeed);

    [Test]
    public void Every_mutation_strategy_produces_both_refused_and_decodable_bodies()
    {
        var report = FuzzRunner.Run(new DecoderTarget(CallFamily.Scheduler), seed: 7, TimeSpan.FromSeconds(30), maxIterations: 3_000);
        Assert.Multiple(() =>
        {
            Assert.That(report.Failure, Is.Null, () => report.Failure!.ToString());
            Assert.That(report.Rejected, Is.GreaterThan(report.Iterations / 10), "bodies refused");
            Assert.That(report.Accepted, Is.GreaterThan(report.Iterations / 10), "bodies that decoded and validated");
        });
    }
}
