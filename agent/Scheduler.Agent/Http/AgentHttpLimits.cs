using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Scheduler.Agent.Http;

/// <summary>
/// What the agent's HTTP server accepts: it serves reads only, so small bodies and headers, and clients that send
/// their headers or bodies too slowly (slow-loris) are cut off.
/// </summary>
public static class AgentHttpLimits
{
    public const long MaxRequestBodyBytes = 1024 * 1024;
    public const int MaxRequestHeadersBytes = 32 * 1024;
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
    }
}
