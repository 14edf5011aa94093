namespace Scheduler.Benchmarks;

/// <summary>One poll of a batch job: seconds since the submit began and its instances by phase.</summary>
public sealed record BatchProgressSample(double Seconds, int Pending, int Staging, int Running, int Finished, int Failed);
