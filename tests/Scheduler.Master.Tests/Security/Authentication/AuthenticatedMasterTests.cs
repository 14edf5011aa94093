using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.Security.Authentication;
using Scheduler.Master.Tests.Http;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Security.Authentication;

/// <summary>A master with authentication on, over real HTTP: Basic against credentials and JWT bearer tokens.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AuthenticatedMasterTests
{
    private const string Subscribe = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"test"}}}""";
    private static readonly byte[] JwtSecret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef-test");
    private SingleMaster _master = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _master = await SingleMaster.StartAsync(settings => settings with
        {
            Authentication = new AuthenticationSettings
            {
                Credentials = [new Credential("ops", "s3cret"), new Credential("batch", "b4tch")],
                JwtSecret = JwtSecret,
            },
        });
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public async Task Subscribe_without_credentials_is_401_with_both_challenges()
    {
        using var response = await _http.SendAsync(Post(Subscribe));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()),
            Is.EquivalentTo(new[] { "Basic realm=\"scheduler\"", "Bearer realm=\"scheduler\"" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));
    }

    [Test]
    public async Task A_wrong_password_is_401_naming_the_principal()
    {
        using var response = await _http.SendAsync(Post(Subscribe, Basic("ops", "wrong")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Invalid credentials for principal 'ops'"));
    }

    [Test]
    public async Task Another_principals_secret_does_not_authenticate()
    {
        using var response = await _http.SendAsync(Post(Subscribe, Basic("ops", "b4tch")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Right_basic_credentials_subscribe_and_the_principal_is_filled_in()
    {
        var (frameworkId, streamId, body) = await SubscribeAsync(Basic("ops", "s3cret"));
        await using var _ = body;
        var state = await GetStateAsync(Basic("ops", "s3cret"));
        Assert.That(state, Does.Contain("\"principal\":\"ops\""));

        using var revive = Post($$$"""{"type":"REVIVE","framework_id":{"value":"{{{frameworkId}}}"}}""", Basic("ops", "s3cret"));
        revive.Headers.Add("Mesos-Stream-Id", streamId);
        using var accepted = await _http.SendAsync(revive);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task A_call_for_a_framework_from_another_principal_is_refused_as_mesos_does()
    {
        var (frameworkId, streamId, body) = await SubscribeAsync(Basic("ops", "s3cret"));
        await using var _ = body;
        using var revive = Post($$$"""{"type":"REVIVE","framework_id":{"value":"{{{frameworkId}}}"}}""", Basic("batch", "b4tch"));
        revive.Headers.Add("Mesos-Stream-Id", streamId);
        using var response = await _http.SendAsync(revive);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("Authenticated principal 'batch' does not match principal 'ops' set in `FrameworkInfo`"));
    }

    [Test]
    public async Task A_framework_info_naming_another_principal_is_refused_as_mesos_does()
    {
        const string other = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"test","principal":"batch"}}}""";
        using var response = await _http.SendAsync(Post(other, Basic("ops", "s3cret")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            "Failed to validate scheduler::Call: Authenticated principal 'ops' does not match principal 'batch' set in `FrameworkInfo`"));
    }

    [Test]
    public async Task A_valid_bearer_token_subscribes_as_its_subject()
    {
        var token = BearerTokens.Create("batch", JwtSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        var (_, _, body) = await SubscribeAsync(new AuthenticationHeaderValue("Bearer", token));
        await using var _ = body;
        Assert.That(await GetStateAsync(new AuthenticationHeaderValue("Bearer", token)), Does.Contain("\"principal\":\"batch\""));
    }

    [Test]
    public async Task An_expired_token_is_401_saying_so()
    {
        var token = BearerTokens.Create("batch", JwtSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1));
        using var response = await _http.SendAsync(Post(Subscribe, new AuthenticationHeaderValue("Bearer", token)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Invalid bearer token: expired"));
    }

    [Test]
    public async Task A_token_signed_with_another_secret_is_401()
    {
        var forged = BearerTokens.Create("ops", Encoding.UTF8.GetBytes("not-the-masters-secret-but-long-enough"), TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(Post(Subscribe, new AuthenticationHeaderValue("Bearer", forged)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Invalid bearer token: bad signature"));
    }

    [Test]
    public async Task A_garbage_token_is_401()
    {
        using var response = await _http.SendAsync(Post(Subscribe, new AuthenticationHeaderValue("Bearer", "not.a.jwt")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Invalid bearer token"));
    }

    [Test]
    public async Task Health_and_the_cluster_address_stay_open()
    {
        foreach (var path in new[] { "/health", "/master/health", "/master/cluster" })
        {
            using var response = await _http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [Test]
    public async Task State_operator_api_and_metrics_need_authentication()
    {
        foreach (var path in new[] { "/master/state", "/state", "/master/roles", "/metrics", "/master/agents/a1/files/read" })
        {
            using var response = await _http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
        using var operatorCall = new HttpRequestMessage(HttpMethod.Post, "/api/v1")
        {
            Content = new StringContent("""{"type":"GET_HEALTH"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var refused = await _http.SendAsync(operatorCall);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_web_ui_page_is_open_and_holds_no_cluster_data()
    {
        using var response = await _http.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(page, Does.StartWith("<!DOCTYPE html>").And.Contain("id=\"sign-in-form\""));
        Assert.That(page, Does.Not.Contain(_master.Uri.Authority).And.Not.Contain("\"slaves\":"));
    }

    [Test]
    public async Task A_401_to_a_script_request_has_no_basic_challenge_but_the_same_reason()
    {
        using var request = ScriptRequest("/master/state");
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()), Is.EqualTo(new[] { "Bearer realm=\"scheduler\"" }));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Missing credentials"));

        using var wrong = ScriptRequest("/master/state", Basic("ops", "wrong"));
        using var refused = await _http.SendAsync(wrong);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Not.Contain("Basic"));
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo("Invalid credentials for principal 'ops'"));
    }

    [Test]
    public async Task A_401_to_any_other_request_still_has_both_challenges()
    {
        using var response = await _http.GetAsync("/master/state");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.ToString()),
            Is.EquivalentTo(new[] { "Basic realm=\"scheduler\"", "Bearer realm=\"scheduler\"" }));
    }

    [Test]
    public async Task A_script_request_with_credentials_is_answered()
    {
        using var request = ScriptRequest("/master/state", Basic("ops", "s3cret"));
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<string> GetStateAsync(AuthenticationHeaderValue credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/master/state") { Headers = { Authorization = credentials } };
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(string FrameworkId, string StreamId, Stream Body)> SubscribeAsync(AuthenticationHeaderValue credentials)
    {
        var response = await _http.SendAsync(Post(Subscribe, credentials), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ErrorOf(response));
        var streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
        var body = await response.Content.ReadAsStreamAsync();
        var subscribed = MesosJson.Parse<Event>(Encoding.UTF8.GetString((await new RecordIoReader(body).ReadAsync())!));
        Assert.That(subscribed.Type, Is.EqualTo(Event.Types.Type.Subscribed));
        return (subscribed.Subscribed.FrameworkId.Value, streamId, body);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();

    /// <summary>A GET as the web UI's script sends it.</summary>
    private static HttpRequestMessage ScriptRequest(string path, AuthenticationHeaderValue? credentials = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = credentials } };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return request;
    }

    private static AuthenticationHeaderValue Basic(string principal, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{secret}")));

    private static HttpRequestMessage Post(string json, AuthenticationHeaderValue? credentials = null) => new(HttpMethod.Post, "/api/v1/scheduler")
    {
        Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        Headers = { Authorization = credentials },
    };
}
