using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Scheduler.Master.Security.RateLimiting;

/// <summary>
/// Puts an endpoint behind the per-principal rate limits: the principal is the authenticated user's name; a call
/// over its limit waits its turn before the endpoint reads it, and one beyond the principal's capacity to wait is
/// answered 429 with <c>Retry-After</c>. A call whose client goes away while it waits is dropped.
/// </summary>
public static class RateLimitGate
{
    public static RequestDelegate Guard(IServiceProvider services, RequestDelegate endpoint)
    {
        if (services.GetService<PrincipalRateLimiter>() is not { } limiter) return endpoint;
        return async context =>
        {
            var principal = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
            RateLimitDecision decision;
            try
            {
                decision = await limiter.AcquireAsync(principal, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            if (decision.IsAllowed)
            {
                await endpoint(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(decision.Reason);
        };
    }
}
