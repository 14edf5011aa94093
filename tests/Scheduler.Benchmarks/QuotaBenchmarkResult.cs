namespace Scheduler.Benchmarks;

/// <summary>What the quota benchmark measured.</summary>
/// <param name="FirstCycle">The first cycle, in which every agent is offered to a role below its guarantee.</param>
/// <param name="FirstCycleOffers">Offers the first cycle made.</param>
/// <param name="SecondCycle">The next cycle with all those offers still held: nothing is left to offer.</param>
/// <param name="SecondCycleOffers">Offers the second cycle made (none expected).</param>
/// <param name="DeclineCycles">Measured cycles in which every framework declines everything with a long refusal.</param>
public sealed record QuotaBenchmarkResult(
    int Agents,
    int Roles,
    CycleTime FirstCycle,
    int FirstCycleOffers,
    CycleTime SecondCycle,
    int SecondCycleOffers,
    IReadOnlyList<CycleTime> DeclineCycles);
