namespace Scheduler.Benchmarks;

/// <summary>
/// What the batch benchmark measured: how long the submit command took, how long until every task finished
/// (from the start of the submit), the polled progress, each task's queue time (submit to launch by the framework)
/// and run time (launch to its terminal update), and the processor time <c>sched dev</c> spent meanwhile.
/// </summary>
public sealed record BatchThroughputResult(
    int Tasks,
    string JobState,
    TimeSpan Submit,
    TimeSpan AllEnded,
    IReadOnlyList<BatchProgressSample> Samples,
    IReadOnlyList<TimeSpan> QueueTimes,
    IReadOnlyList<TimeSpan> RunTimes,
    TimeSpan DevProcessorTime);
