using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NUnit.Framework;
using Scheduler.Security.Authentication;

namespace Scheduler.Testing.Http;

/// <summary>
/// A framework's HTTP API on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens.
/// A fixture per API starts its server and names what it lists and accepts.
/// </summary>
public abstract class ApiAuthenticationTests
{
    private static readonly byte[] JwtSecret = Encoding.UTF8.GetBytes("a-secret-of-at-least-thirty-two-bytes-for-hs256");
    private IAsyncDisposable server = null!;
    private HttpClient http = null!;

    /// <summary>The API's list, e.g. <c>v1/jobs</c>.</summary>
    protected abstract string ListPath { get; }

    /// <summary>The field of the list's JSON that holds the records.</summary>
    protected abstract string ListField { get; }

    /// <summary>A body the API would accept at <see cref="ListPath"/>.</summary>
    protected abstract string Submission { get; }

    /// <summary>Starts the API on a free loopback port with <paramref name="authentication"/>.</summary>
    protected abstract Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication);

    [OneTimeSetUp]
    public async Task Start()
    {
        var authentication = new AuthenticationSettings { Credentials = [new Credential("ops", "s3cret")], JwtSecret = JwtSecret };
        (server, var address) = await StartAsync(authentication);
        http = new HttpClient { BaseAddress = address };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Test]
    public async Task Without_credentials_the_list_is_401_with_both_challenges()
    {
        using var response = await http.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()),
            Is.EquivalentTo(new[] { "Basic realm=\"scheduler\"", "Bearer realm=\"scheduler\"" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));
    }

    [Test]
    public async Task A_submission_without_credentials_is_refused_before_it_is_read()
    {
        using var response = await http.PostAsync(ListPath, new StringContent(Submission));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_wrong_secret_is_401_naming_the_principal()
    {
        using var response = await SendAsync(ListPath, Basic("ops", "wrong"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Invalid credentials for principal 'ops'"));
    }

    [Test]
    public async Task Right_basic_credentials_are_200()
    {
        using var response = await SendAsync(ListPath, Basic("ops", "s3cret"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"\"{ListField}\""));
    }

    [Test]
    public async Task A_valid_bearer_token_is_200()
    {
        var token = BearerTokens.Create("ops", JwtSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        using var response = await SendAsync(ListPath, new AuthenticationHeaderValue("Bearer", token));
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
