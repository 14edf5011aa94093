using System.Diagnostics;

namespace Scheduler.Benchmarks;

/// <summary>
/// Measures a piece of work in wall-clock time and in the processor time the whole process spent on it,
/// which other work on a busy machine does not inflate.
/// </summary>
public sealed class CycleStopwatch : IDisposable
{
    private readonly Process process = Process.GetCurrentProcess();

    public (T Result, CycleTime Time) Measure<T>(Func<T> work)
    {
        process.Refresh();
        var processorBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var result = work();
        stopwatch.Stop();
        process.Refresh();
        return (result, new CycleTime(stopwatch.Elapsed, process.TotalProcessorTime - processorBefore));
    }

    public void Dispose() => process.Dispose();
}
