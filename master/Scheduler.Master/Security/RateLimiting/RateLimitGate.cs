using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// Puts an endpoint behind the per-principal rate limits: the principal is the authenticated user's name, and a
/// call over its limit is answered 429 with <c>Retry-After</c> before the endpoint reads it.
/// </summary>
public static class RateLimitGate
{
    public static RequestDelegate Guard(IServiceProvider services, RequestDelegate endpoint)
    {
        if (services.GetService<PrincipalRateLimiter>() is not { } limiter) return endpoint;
        return context =>
        {
            var principal = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
            var decision = limiter.TryAcquire(principal);
            if (decision.IsAllowed) return endpoint(context);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(decision.Reason);
        };
    }
}
