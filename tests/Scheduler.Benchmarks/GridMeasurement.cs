namespace Scheduler.Benchmarks;

/// <summary>The median cycle of the DeclineOffers benchmark at one size.</summary>
public sealed record GridMeasurement(int Agents, int Frameworks, double WallMs, double ProcessorMs);
