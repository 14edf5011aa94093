using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.Cron.Http;
using Scheduler.Cron.Runs;
using Scheduler.Cron.Storage;
using Scheduler.Security.Authentication;

namespace Scheduler.Cron.Tests.Http;

/// <summary>The cron API on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens.</summary>
[TestFixture]
public sealed class CronHttpAuthenticationTests
{
    private static readonly byte[] JwtSecret = Encoding.UTF8.GetBytes("a-secret-of-at-least-thirty-two-bytes-for-hs256");
    private SqliteCronStore store = null!;
    private CronHttpServer server = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        store = new SqliteCronStore(":memory:");
        var authentication = new AuthenticationSettings { Credentials = [new Credential("ops", "s3cret")], JwtSecret = JwtSecret };
        server = await CronHttpServer.StartAsync(new CronScheduler(new CronBook(store, TimeProvider.System)), IPAddress.Loopback, 0, authentication);
        http = new HttpClient { BaseAddress = server.Address };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http.Dispose();
        await server.DisposeAsync();
        store.Dispose();
    }

    [Test]
    public async Task Without_credentials_the_cron_jobs_are_401_with_both_challenges()
    {
        using var response = await http.GetAsync("v1/cron");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()),
            Is.EquivalentTo(new[] { "Basic realm=\"scheduler\"", "Bearer realm=\"scheduler\"" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));
    }

    [Test]
    public async Task A_cron_job_without_credentials_is_refused_before_it_is_read()
    {
        using var response = await http.PostAsync("v1/cron", new StringContent("name: x\nschedule: '* * * * *'\n"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_wrong_secret_is_401_naming_the_principal()
    {
        using var response = await SendAsync("v1/cron", Basic("ops", "wrong"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Invalid credentials for principal 'ops'"));
    }

    [Test]
    public async Task Right_basic_credentials_are_200()
    {
        using var response = await SendAsync("v1/cron", Basic("ops", "s3cret"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"cron_jobs\""));
    }

    [Test]
    public async Task A_valid_bearer_token_is_200()
    {
        var token = BearerTokens.Create("ops", JwtSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        using var response = await SendAsync("v1/cron", new AuthenticationHeaderValue("Bearer", token));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Health_stays_open()
    {
        using var response = await http.GetAsync("health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = authorization } };
        return await http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string principal, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{secret}")));
}
