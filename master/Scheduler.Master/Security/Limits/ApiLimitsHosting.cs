using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Security.Limits;

/// <summary>
/// Applies <see cref="ApiLimits"/> to the master's web host: Kestrel's size limits and its defences against slow
/// clients, and the limits and rate limiter the endpoints find in the services.
/// </summary>
public static class ApiLimitsHosting
{
    public static void Configure(WebApplicationBuilder builder, ApiLimits limits)
    {
        builder.WebHost.ConfigureKestrel(kestrel => Apply(kestrel.Limits, limits));
        builder.Services.AddSingleton(limits);
        if (limits.RateLimits is { } rateLimits) builder.Services.AddSingleton(services => new PrincipalRateLimiter(rateLimits, services.GetService<TimeProvider>()));
    }

    public static void Apply(KestrelServerLimits kestrel, ApiLimits limits)
    {
        kestrel.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        kestrel.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes;
        kestrel.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod);
    }

    public static ApiLimits Of(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.RequestServices.GetService<ApiLimits>() ?? ApiLimits.Default;
}
