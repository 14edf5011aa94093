using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>
/// What starting a master on a filled registry took, each time counted from the moment the master was started
/// (for the failover: right after the old master's node was gone): the registry recovered (the first command
/// answered), every agent re-registered, the first offer and an offer of every agent reached the framework; the process's
/// processor time and garbage collections meanwhile.
/// </summary>
public sealed record FailoverRound(
    TimeSpan Recovered,
    TimeSpan AllReregistered,
    TimeSpan FirstOffer,
    TimeSpan AllOffered,
    TimeSpan ProcessorTime,
    GcWork Gc,
    int AgentsOnMaster,
    int TasksOnMaster)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"recovered {Recovered.TotalMilliseconds:F0} ms, all re-registered {AllReregistered.TotalMilliseconds:F0} ms, " +
        $"first offer {FirstOffer.TotalMilliseconds:F0} ms, every agent offered {AllOffered.TotalMilliseconds:F0} ms, " +
        $"processor {ProcessorTime.TotalMilliseconds:F0} ms ({Gc}); the master holds {AgentsOnMaster} agents and {TasksOnMaster} tasks");
}
