using System.Net;
using Scheduler.Security.Authentication;

namespace Scheduler.Framework.Hosting;

/// <summary>A framework's own parts, built on its opened store, for <see cref="FrameworkHost{TScheduler}"/> to run.</summary>
public sealed record FrameworkComponents<TScheduler> where TScheduler : IScheduler
{
    public required TScheduler Scheduler { get; init; }

    /// <summary>Where the framework id is kept, so that a restart fails over to the same framework.</summary>
    public required IFrameworkIdStore FrameworkIdStore { get; init; }

    /// <summary>Starts the framework's API on the address, port and authentication of its settings.</summary>
    public required Func<IPAddress, int, AuthenticationSettings?, Task<FrameworkHttpHost>> StartHttp { get; init; }

    /// <summary>What the framework does on its timer: timeouts, revives, runs coming due.</summary>
    public required Func<Task> Tick { get; init; }

    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
}
