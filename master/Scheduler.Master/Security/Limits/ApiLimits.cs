using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Security.Limits;

/// <summary>
/// What the master's HTTP server accepts: sizes and timeouts enforced by Kestrel, the shape of v1 API calls checked
/// before they reach the master actor, and the per-principal rate limits of scheduler calls.
/// </summary>
public sealed record ApiLimits
{
    public static readonly ApiLimits Default = new();

    /// <summary>Largest request body; a larger one is answered 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest request line and headers together; Kestrel answers 431 beyond it.</summary>
    public int MaxRequestHeadersBytes { get; init; } = 32 * 1024;

    /// <summary>How long a client may take to send its request headers before the connection is closed.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Slowest request body accepted after <see cref="MinRequestBodyGracePeriod"/>; slower ones are cut off.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deepest nesting of objects and arrays in a JSON body.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Most operations in one ACCEPT.</summary>
    public int MaxOperationsPerAccept { get; init; } = 10_000;

    /// <summary>Most tasks in one LAUNCH operation or one LAUNCH_GROUP's task group.</summary>
    public int MaxTasksPerLaunch { get; init; } = 10_000;

    /// <summary>Per-principal limits on scheduler calls (Mesos's <c>--rate_limits</c>); none by default.</summary>
    public RateLimits? RateLimits { get; init; }
}
