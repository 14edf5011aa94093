namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// Mesos's <c>RateLimits</c>: limits for named principals, and one aggregate limit shared by every other principal
/// and by calls without one. No <see cref="AggregateDefaultQps"/> leaves those unlimited.
/// </summary>
public sealed record RateLimits(IReadOnlyList<PrincipalRateLimit> Limits, double? AggregateDefaultQps, long? AggregateDefaultCapacity);
