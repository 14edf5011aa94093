using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Security.RateLimiting;
using Scheduler.Master.Tests.Http;

namespace Scheduler.Master.Tests.Security.RateLimiting;

/// <summary>Rate limits over real HTTP: a burst beyond capacity gets 429 with Retry-After; other principals go on.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RateLimitHttpTests
{
    private static readonly RateLimits Limits = new([new PrincipalRateLimit("alice", 0.01, 2)], 0.01, 3);

    [Test]
    public async Task A_master_answers_a_burst_without_a_principal_beyond_the_aggregate_capacity_with_429()
    {
        await using var master = await SingleMaster.StartAsync(settings => settings with { ApiLimits = ApiLimits.Default with { RateLimits = Limits } });
        using var http = new HttpClient { BaseAddress = master.Uri };
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await http.PostAsync("/api/v1/scheduler", new StringContent("{\"type\":\"REVIVE\"}", Encoding.UTF8, "application/json"));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"call {i} reaches validation");
        }
        using var refused = await http.PostAsync("/api/v1/scheduler", new StringContent("{\"type\":\"REVIVE\"}", Encoding.UTF8, "application/json"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo(
            "Rate limit exceeded for calls without a principal: the aggregate default limit is 0.01 calls per second, bursts of 3"));
        using var operatorApi = await http.PostAsync("/api/v1", new StringContent("{\"type\":\"GET_HEALTH\"}", Encoding.UTF8, "application/json"));
        Assert.That(operatorApi.StatusCode, Is.EqualTo(HttpStatusCode.OK), "only scheduler calls are rate limited");
    }

    [Test]
    public async Task One_principal_over_its_limit_leaves_another_unaffected()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        ApiLimitsHosting.Configure(builder, ApiLimits.Default with { RateLimits = Limits });
        await using var app = builder.Build();
        // Stands in for authentication: the principal named in a header.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Principal", out var name))
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], "test"));
            return next(context);
        });
        app.Map("/api/v1/scheduler", RateLimitGate.Guard(app.Services, context => context.Response.WriteAsync("handled")));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.That(await StatusAsync(http, "alice"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(http, "alice"), Is.EqualTo(HttpStatusCode.OK));
        using (var refused = await SendAsync(http, "alice"))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(await refused.Content.ReadAsStringAsync(),
                Is.EqualTo("Rate limit exceeded for principal 'alice': its limit is 0.01 calls per second, bursts of 2"));
        }
        Assert.That(await StatusAsync(http, "bob"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(http, "carol"), Is.EqualTo(HttpStatusCode.OK));
        await app.StopAsync();
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string principal)
    {
        using var response = await SendAsync(http, principal);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler");
        request.Headers.Add("X-Principal", principal);
        return http.SendAsync(request);
    }
}
