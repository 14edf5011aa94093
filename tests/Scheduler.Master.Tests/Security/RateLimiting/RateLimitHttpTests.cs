using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Security.RateLimiting;
using Scheduler.Master.Tests.Http;

namespace Scheduler.Master.Tests.Security.RateLimiting;

/// <summary>
/// Rate limits over real HTTP: a burst of qps + capacity calls all go through, the later ones delayed, and the next
/// one gets 429 with Retry-After; other principals go on.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RateLimitHttpTests
{
    [Test]
    public async Task A_master_delays_a_burst_without_a_principal_up_to_the_aggregate_capacity_and_answers_the_next_with_429()
    {
        // One call a second, two waiting: the fourth call of a burst is refused as long as the burst takes under a second.
        var limits = new RateLimits([], 1, 2);
        await using var master = await SingleMaster.StartAsync(settings => settings with { ApiLimits = ApiLimits.Default with { RateLimits = limits } });
        using var http = new HttpClient { BaseAddress = master.Uri };
        var started = Stopwatch.StartNew();

        var burst = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await http.PostAsync("/api/v1/scheduler", new StringContent("{\"type\":\"REVIVE\"}", Encoding.UTF8, "application/json"));
            return (response.StatusCode, After: started.Elapsed, RetryAfter: response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync());
        }));

        var reachedValidation = burst.Where(r => r.StatusCode == HttpStatusCode.BadRequest).ToList();
        var refused = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.That(reachedValidation, Has.Count.EqualTo(3), string.Join(", ", burst.Select(r => r.StatusCode)));
        Assert.That(reachedValidation.Max(r => r.After), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "the waiting calls went through a second apart");
        Assert.That(refused, Has.Count.EqualTo(1));
        Assert.That(refused[0].After, Is.LessThan(TimeSpan.FromSeconds(1)), "refused at once, not after waiting");
        Assert.That(refused[0].RetryAfter, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(refused[0].Body, Is.EqualTo(
            "Rate limit exceeded for calls without a principal: the aggregate default limit is 1 calls per second, and 2 calls (its capacity) are already waiting"));
        using var operatorApi = await http.PostAsync("/api/v1", new StringContent("{\"type\":\"GET_HEALTH\"}", Encoding.UTF8, "application/json"));
        Assert.That(operatorApi.StatusCode, Is.EqualTo(HttpStatusCode.OK), "only scheduler calls are rate limited");
    }

    [Test]
    public async Task A_burst_of_qps_and_capacity_calls_goes_through_in_order_the_next_gets_429_and_another_principal_is_unaffected()
    {
        var time = new FakeTimeProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(time);
        ApiLimitsHosting.Configure(builder, ApiLimits.Default with { RateLimits = new RateLimits([new PrincipalRateLimit("alice", 2, 3)], null, null) });
        await using var app = builder.Build();
        // Stands in for authentication: the principal named in a header.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Principal", out var name))
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], "test"));
            return next(context);
        });
        var handled = new List<int>();
        app.Map("/api/v1/scheduler", RateLimitGate.Guard(app.Services, context =>
        {
            lock (handled) handled.Add(int.Parse(context.Request.Headers["X-Call"].ToString()));
            return context.Response.WriteAsync("handled");
        }));
        await app.StartAsync();
        var limiter = app.Services.GetRequiredService<PrincipalRateLimiter>();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.That(await StatusAsync(http, "alice", 0), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(http, "alice", 1), Is.EqualTo(HttpStatusCode.OK));
        var waiting = new List<Task<HttpStatusCode>>();
        for (var call = 2; call < 5; call++)
        {
            waiting.Add(StatusAsync(http, "alice", call));
            await PollAsync(() => limiter.WaitingCalls("alice") == call - 1, $"call {call} waits");
        }
        using (var refused = await SendAsync(http, "alice", 5))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(await refused.Content.ReadAsStringAsync(),
                Is.EqualTo("Rate limit exceeded for principal 'alice': its limit is 2 calls per second, and 3 calls (its capacity) are already waiting"));
        }
        Assert.That(await StatusAsync(http, "bob", 6), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(waiting.Select(w => w.IsCompleted), Is.All.False, "the waiting calls still wait for their tokens");

        foreach (var call in waiting)
        {
            time.Advance(TimeSpan.FromSeconds(0.5));
            Assert.That(await call.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(handled, Is.EqualTo(new[] { 0, 1, 6, 2, 3, 4 }), "the waiting calls went through in the order they came");
        await app.StopAsync();
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), what);
            await Task.Delay(10);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string principal, int call)
    {
        using var response = await SendAsync(http, principal, call);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string principal, int call)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler");
        request.Headers.Add("X-Principal", principal);
        request.Headers.Add("X-Call", call.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return http.SendAsync(request);
    }
}
