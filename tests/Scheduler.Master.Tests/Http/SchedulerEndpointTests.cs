using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Http;

/// <summary>The scheduler API's answers to good and bad requests, over real HTTP.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SchedulerEndpointTests
{
    private const string Subscribe = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"test"}}}""";
    private SingleMaster _master = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _master = await SingleMaster.StartAsync();
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public async Task Get_is_not_allowed()
    {
        using var response = await _http.GetAsync("/api/v1/scheduler");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task An_unknown_content_type_is_unsupported()
    {
        using var response = await _http.PostAsync("/api/v1/scheduler", new StringContent(Subscribe, Encoding.UTF8, "text/plain"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task An_unacceptable_accept_header_is_refused()
    {
        using var request = Post(Subscribe);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
    }

    [Test]
    public async Task Malformed_json_is_a_bad_request_that_says_so()
    {
        using var response = await _http.SendAsync(Post("{\"type\": "));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Failed to parse body into Call protobuf"));
    }

    [Test]
    public async Task A_subscribe_without_a_user_is_refused_with_the_missing_field()
    {
        using var response = await _http.SendAsync(Post("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"x"}}}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("framework_info.user"));
    }

    [Test]
    public async Task A_call_without_the_stream_id_header_is_refused()
    {
        var (frameworkId, _, stream) = await SubscribeAsync();
        await using var _ = stream;
        using var response = await _http.SendAsync(Post($$$"""{"type":"REVIVE","framework_id":{"value":"{{{frameworkId}}}"}}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Mesos-Stream-Id"));
    }

    [Test]
    public async Task Subscribe_streams_subscribed_first_then_calls_with_the_stream_id_are_accepted()
    {
        var (frameworkId, streamId, stream) = await SubscribeAsync();
        await using var _ = stream;
        Assert.That(frameworkId, Is.Not.Empty);

        using var revive = Post($$$"""{"type":"REVIVE","framework_id":{"value":"{{{frameworkId}}}"}}""");
        revive.Headers.Add("Mesos-Stream-Id", streamId);
        using var response = await _http.SendAsync(revive);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task A_call_missing_a_required_field_is_refused_naming_the_field()
    {
        var (frameworkId, streamId, stream) = await SubscribeAsync();
        await using var _ = stream;
        using var kill = Post($$$"""{"type":"KILL","framework_id":{"value":"{{{frameworkId}}}"},"kill":{}}""");
        kill.Headers.Add("Mesos-Stream-Id", streamId);
        using var response = await _http.SendAsync(kill);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("kill.task_id"));
        var (again, _, secondStream) = await SubscribeAsync();
        await using var __ = secondStream;
        Assert.That(again, Is.Not.EqualTo(frameworkId), "the master still serves new frameworks");
    }

    [Test]
    public async Task A_call_for_an_unknown_framework_is_refused()
    {
        using var request = Post("""{"type":"REVIVE","framework_id":{"value":"nope"}}""");
        request.Headers.Add("Mesos-Stream-Id", "whatever");
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("nope"));
    }

    [Test]
    public async Task Metrics_are_served_in_prometheus_and_mesos_forms()
    {
        var (_, _, stream) = await SubscribeAsync();
        await using var _ = stream;

        var prometheus = await EventuallyAsync("/metrics", "scheduler_master_frameworks{state=\"connected\"} ");
        var snapshot = await _http.GetStringAsync("/metrics/snapshot");

        Assert.That(prometheus, Does.Contain("scheduler_master_frameworks{state=\"connected\"}"));
        Assert.That(snapshot, Does.Contain("\"master/frameworks_connected\""));
    }

    [Test]
    public async Task Suppress_with_roles_and_update_framework_show_in_the_state()
    {
        const string multiRole = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"multi","roles":["web","batch"],"capabilities":[{"type":"MULTI_ROLE"}]}}}""";
        var (frameworkId, streamId, stream) = await SubscribeAsync(multiRole);
        await using var _ = stream;

        using var suppress = await CallAsync(streamId, $$$"""{"type":"SUPPRESS","framework_id":{"value":"{{{frameworkId}}}"},"suppress":{"roles":["batch"]}}""");
        Assert.That(suppress.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await SuppressedRolesAsync(frameworkId), Is.EqualTo(new[] { "batch" }));

        using var unknown = await CallAsync(streamId, $$$"""{"type":"SUPPRESS","framework_id":{"value":"{{{frameworkId}}}"},"suppress":{"roles":["gpu"]}}""");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Is.EqualTo("suppression role 'gpu' is not one of the framework's subscribed roles"));

        using var update = await CallAsync(streamId, $$$"""
            {"type":"UPDATE_FRAMEWORK","framework_id":{"value":"{{{frameworkId}}}"},"update_framework":{
              "framework_info":{"id":{"value":"{{{frameworkId}}}"},"user":"alice","name":"multi-ml","roles":["web","ml"],"capabilities":[{"type":"MULTI_ROLE"}]},
              "suppressed_roles":["ml"]}}
            """);
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK), await update.Content.ReadAsStringAsync());
        var framework = await FrameworkStateAsync(frameworkId);
        Assert.That(framework["name"]!.GetValue<string>(), Is.EqualTo("multi-ml"));
        Assert.That(framework["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "web", "ml" }));
        Assert.That(await SuppressedRolesAsync(frameworkId), Is.EqualTo(new[] { "ml" }));

        using var otherUser = await CallAsync(streamId, $$$$"""
            {"type":"UPDATE_FRAMEWORK","framework_id":{"value":"{{{{frameworkId}}}}"},"update_framework":{
              "framework_info":{"id":{"value":"{{{{frameworkId}}}}"},"user":"mallory","name":"multi-ml","roles":["web"]}}}
            """);
        Assert.That(otherUser.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await otherUser.Content.ReadAsStringAsync(), Does.Contain("'FrameworkInfo.user'"));
    }

    private async Task<HttpResponseMessage> CallAsync(string streamId, string json)
    {
        using var request = Post(json);
        request.Headers.Add("Mesos-Stream-Id", streamId);
        return await _http.SendAsync(request);
    }

    private async Task<JsonNode> FrameworkStateAsync(string frameworkId)
    {
        var state = JsonNode.Parse(await _http.GetStringAsync("/master/state"))!;
        return state["frameworks"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == frameworkId)!;
    }

    private async Task<IEnumerable<string>> SuppressedRolesAsync(string frameworkId) =>
        (await FrameworkStateAsync(frameworkId))["suppressed_roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

    private async Task<string> EventuallyAsync(string path, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string body;
        do body = await _http.GetStringAsync(path);
        while (!body.Contains(expected) && DateTime.UtcNow < deadline);
        return body;
    }

    private async Task<(string FrameworkId, string StreamId, Stream Body)> SubscribeAsync(string subscribe = Subscribe)
    {
        var response = await _http.SendAsync(Post(subscribe), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        var streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
        var body = await response.Content.ReadAsStreamAsync();
        var first = await new RecordIoReader(body).ReadAsync();
        var subscribed = MesosJson.Parse<Event>(Encoding.UTF8.GetString(first!));
        Assert.That(subscribed.Type, Is.EqualTo(Event.Types.Type.Subscribed));
        Assert.That(subscribed.Subscribed.HeartbeatIntervalSeconds, Is.EqualTo(15));
        return (subscribed.Subscribed.FrameworkId.Value, streamId, body);
    }

    private static HttpRequestMessage Post(string json) => new(HttpMethod.Post, "/api/v1/scheduler")
    {
        Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
