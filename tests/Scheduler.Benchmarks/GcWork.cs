using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>The garbage collector's work in the whole process: bytes allocated, collections by generation, time paused.</summary>
public sealed record GcWork(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcWork Now() => new(
        GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcWork operator -(GcWork after, GcWork before) => new(
        after.AllocatedBytes - before.AllocatedBytes, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
        after.Paused - before.Paused);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"allocated {AllocatedBytes / 1_000_000} MB, collections gen0/gen1/gen2 {Gen0}/{Gen1}/{Gen2}, paused {Paused.TotalMilliseconds:F0} ms");
}
