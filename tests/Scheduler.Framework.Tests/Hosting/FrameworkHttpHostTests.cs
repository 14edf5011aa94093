using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Scheduler.Framework.Hosting;

namespace Scheduler.Framework.Tests.Hosting;

/// <summary>The host on real Kestrel without authentication: the framework's routes, <c>/health</c>, the bound address.</summary>
[TestFixture]
public sealed class FrameworkHttpHostTests
{
    [Test]
    public async Task The_framework_routes_and_health_answer_on_the_port_picked_for_it()
    {
        await using var host = await FrameworkHttpHost.StartAsync(IPAddress.Any, 0, authentication: null,
            routes => routes.MapGet("/v1/things", () => JsonAnswers.Json(new JsonObject { ["things"] = new JsonArray() })));
        using var http = new HttpClient { BaseAddress = host.Address };

        Assert.That(host.Address.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(host.Address.Port, Is.GreaterThan(0));
        Assert.That(host.Address.AbsolutePath, Is.EqualTo("/"));
        Assert.That(await http.GetStringAsync("v1/things"), Is.EqualTo("""{"things":[]}"""));
        using var health = await http.GetAsync("health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var unknown = await http.GetAsync("v1/nothing");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_stopped_host_frees_its_port()
    {
        var host = await FrameworkHttpHost.StartAsync(IPAddress.Loopback, 0, authentication: null, _ => { });
        var port = host.Address.Port;
        await host.DisposeAsync();

        await using var again = await FrameworkHttpHost.StartAsync(IPAddress.Loopback, port, authentication: null, _ => { });
        Assert.That(again.Address.Port, Is.EqualTo(port));
    }
}
