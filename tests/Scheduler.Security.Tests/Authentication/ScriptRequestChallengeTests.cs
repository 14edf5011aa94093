using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Security.Authentication;

namespace Scheduler.Security.Tests.Authentication;

/// <summary>
/// A server with Basic only (no JWT secret), on real Kestrel: a script's request (<c>X-Requested-With: XMLHttpRequest</c>)
/// is refused without any challenge, so that a browser does not prompt; every other request still gets the Basic one.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ScriptRequestChallengeTests
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var settings = new AuthenticationSettings { Credentials = [new Credential("ops", "s3cret")] };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        RequiredAuthentication.AddServices(builder.Services, settings);
        _app = builder.Build();
        RequiredAuthentication.Use(_app, settings, ["/health"]);
        _app.MapGet("/data", () => "data");
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task A_script_request_gets_401_with_the_reason_and_no_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data") { Headers = { { "X-Requested-With", "XMLHttpRequest" } } };
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate, Is.Empty);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));
    }

    [Test]
    public async Task Any_other_request_gets_401_with_the_basic_challenge()
    {
        using var response = await _http.GetAsync("/data");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()), Is.EqualTo(new[] { "Basic realm=\"scheduler\"" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));
    }
}
