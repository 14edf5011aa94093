namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// One principal's limit: at most <paramref name="Qps"/> calls a second, with up to <paramref name="Capacity"/> calls
/// waiting their turn beyond that; no <paramref name="Qps"/> means not limited at all.
/// </summary>
public sealed record PrincipalRateLimit(string Principal, double? Qps, long? Capacity);
