using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Tests.Http;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>ACLs enforced over real HTTP with Basic credentials: SUBSCRIBE by role, an operator call, and the state views.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AuthorizationHttpTests
{
    private const string Acls = """
        {
          "permissive": false,
          "register_frameworks": [
            {"principals": {"values": ["bob"]}, "roles": {"values": ["dev"]}},
            {"principals": {"type": "ANY"}, "roles": {"type": "NONE"}}
          ],
          "update_weights": [{"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}}],
          "view_frameworks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
          "view_tasks": [{"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}]
        }
        """;

    private SingleMaster _master = null!;
    private HttpClient _http = null!;
    private HttpResponseMessage _subscribed = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        Assert.That(AclDocument.TryParse(Acls, out var acls, out var error), Is.True, error);
        _master = await SingleMaster.StartAsync(settings => settings with
        {
            Authorizer = new Authorizer(acls!),
            Authentication = new AuthenticationSettings { Credentials = [new Credential("bob", "bob-secret"), new Credential("ops", "ops-secret")] },
        });
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
        _subscribed = await _http.SendAsync(Post("/api/v1/scheduler", "bob", Subscribe("dev")), HttpCompletionOption.ResponseHeadersRead);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _subscribed.Dispose();
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public void A_framework_may_subscribe_with_a_role_its_principal_is_allowed()
    {
        Assert.That(_subscribed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_framework_may_not_subscribe_with_a_role_its_principal_is_denied_and_is_told_the_rule()
    {
        using var response = await _http.SendAsync(Post("/api/v1/scheduler", "bob", Subscribe("prod")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("Not authorized to use role 'prod': denied by ACL register_frameworks[1] (principal 'bob')"));
    }

    [Test]
    public async Task An_operator_call_the_principal_is_not_allowed_is_forbidden_and_an_allowed_one_is_made()
    {
        const string Weights = """{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"dev","weight":2}]}}""";

        using var denied = await _http.SendAsync(Post("/api/v1", "bob", Weights));
        using var allowed = await _http.SendAsync(Post("/api/v1", "ops", Weights));

        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await denied.Content.ReadAsStringAsync(),
            Is.EqualTo("Not authorized to update the weight of role 'dev': no update_weights rule matches principal 'bob' and permissive is false"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Frameworks_are_left_out_of_the_views_of_a_principal_who_may_not_view_them()
    {
        const string GetFrameworks = """{"type":"GET_FRAMEWORKS"}""";

        var hidden = await JsonAsync(Post("/api/v1", "bob", GetFrameworks));
        var shown = await JsonAsync(Post("/api/v1", "ops", GetFrameworks));
        var hiddenState = await JsonAsync(Get("/master/state", "bob"));
        var shownState = await JsonAsync(Get("/master/state", "ops"));

        Assert.Multiple(() =>
        {
            Assert.That(hidden["get_frameworks"]?["frameworks"]?.AsArray().Count ?? 0, Is.Zero);
            Assert.That(shown["get_frameworks"]!["frameworks"]!.AsArray().Count, Is.EqualTo(1));
            Assert.That(hiddenState["frameworks"]!.AsArray().Count, Is.Zero);
            Assert.That(shownState["frameworks"]!.AsArray().Count, Is.EqualTo(1));
        });
    }

    private async Task<JsonNode> JsonAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static string Subscribe(string role) =>
        new JsonObject
        {
            ["type"] = "SUBSCRIBE",
            ["subscribe"] = new JsonObject { ["framework_info"] = new JsonObject { ["user"] = "alice", ["name"] = "web", ["role"] = role } },
        }.ToJsonString();

    private static HttpRequestMessage Post(string path, string principal, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = Basic(principal);
        return request;
    }

    private static HttpRequestMessage Get(string path, string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = Basic(principal);
        return request;
    }

    private static AuthenticationHeaderValue Basic(string principal) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{principal}-secret")));
}
