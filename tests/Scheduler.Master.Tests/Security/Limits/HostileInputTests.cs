using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Tests.Http;
using Scheduler.Testing.Http;

namespace Scheduler.Master.Tests.Security.Limits;

/// <summary>
/// Hostile bodies sent to a real master over HTTP: each gets a precise 4xx, and the master keeps answering with its
/// state unchanged.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileInputTests
{
    private const string Accept = "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f1\"},\"accept\":{\"offer_ids\":[{\"value\":\"o1\"}],\"operations\":";
    private SingleMaster _master = null!;
    private HttpClient _http = null!;
    private string _stateBefore = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _master = await SingleMaster.StartAsync(settings => settings with { ApiLimits = ApiLimits.Default with { MaxRequestBodyBytes = 1024 * 1024 } });
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
        _stateBefore = await StateWithoutClocksAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [TearDown]
    public async Task The_master_still_answers_with_its_state_unchanged()
    {
        using var health = await _http.GetAsync("/master/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StateWithoutClocksAsync(), Is.EqualTo(_stateBefore));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413()
    {
        var huge = "{\"type\":\"SUBSCRIBE\",\"pad\":\"" + new string('x', 1024 * 1024) + "\"}";
        var request = Json(huge);
        // The answer comes before the body is sent, so the client cannot be cut off while still sending.
        request.Headers.ExpectContinue = true;
        await AssertAnswerAsync(request, HttpStatusCode.RequestEntityTooLarge, Is.EqualTo("Request body exceeds 1048576 bytes"));
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 1024 * 1024 + 1024) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await AssertAnswerAsync(request, HttpStatusCode.RequestEntityTooLarge, Is.EqualTo("Request body exceeds 1048576 bytes"));
    }

    [Test]
    public async Task A_chunked_body_one_byte_over_the_limit_is_413()
    {
        var content = new ChunkedContent(PaddedRevive(1024 * 1024 + 1), "application/json");
        await AssertAnswerAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler") { Content = content },
            HttpStatusCode.RequestEntityTooLarge, Is.EqualTo("Request body exceeds 1048576 bytes"));
    }

    [Test]
    public async Task A_chunked_body_of_exactly_the_limit_is_read_and_parsed()
    {
        var content = new ChunkedContent(PaddedRevive(1024 * 1024), "application/json");
        await AssertAnswerAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler") { Content = content },
            HttpStatusCode.BadRequest, Is.EqualTo("Failed to validate scheduler::Call: Expecting 'framework_id' to be present"));
    }

    [Test]
    public async Task Json_nested_deeper_than_the_limit_is_400_naming_the_limit()
    {
        var deep = "{\"type\":\"SUBSCRIBE\",\"x\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";
        await AssertAnswerAsync(Json(deep), HttpStatusCode.BadRequest, Does.Contain("JSON nesting exceeds the limit of 64 levels"));
    }

    [Test]
    public async Task Invalid_utf8_is_400()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"a\",\"name\":\"\u0001\"}}}");
        var at = Array.IndexOf(body, (byte)1);
        body[at] = 0xC3;
        body = [.. body[..(at + 1)], 0x28, .. body[(at + 1)..]];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await AssertAnswerAsync(request, HttpStatusCode.BadRequest, Does.Contain($"Request body is not valid UTF-8 (invalid byte sequence at offset {at})"));
    }

    [Test]
    public async Task An_unknown_call_type_is_dropped_as_Mesos_does_and_the_call_refused_for_lacking_one()
    {
        await AssertAnswerAsync(Json("{\"type\":\"LAUNCH_ROCKETS\"}"), HttpStatusCode.BadRequest,
            Is.EqualTo("Failed to validate scheduler::Call: Expecting 'type' to be present"));
    }

    [Test]
    public async Task An_unknown_value_of_a_required_enum_is_400_naming_the_field()
    {
        var call = Accept + "[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"}," +
            "\"agent_id\":{\"value\":\"a\"},\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALARISH\",\"scalar\":{\"value\":1}}]}]}}]}}";
        await AssertAnswerAsync(Json(call), HttpStatusCode.BadRequest,
            Does.Contain("Missing required fields: accept.operations[0].launch.task_infos[0].resources[0].type"));
    }

    [Test]
    public async Task Unknown_fields_are_ignored_as_Mesos_does()
    {
        await AssertAnswerAsync(Json("{\"type\":\"REVIVE\",\"no_such_field\":{\"a\":[1,2,3]}}"), HttpStatusCode.BadRequest,
            Is.EqualTo("Failed to validate scheduler::Call: Expecting 'framework_id' to be present"));
    }

    [TestCase("-1", "-1")]
    [TestCase("\"NaN\"", "NaN")]
    [TestCase("\"Infinity\"", "Infinity")]
    [TestCase("\"-Infinity\"", "-Infinity")]
    public async Task A_resource_that_is_negative_or_not_finite_is_400_naming_it(string value, string shown)
    {
        var call = Accept + "[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"}," +
            "\"agent_id\":{\"value\":\"a\"},\"resources\":[{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":" + value + "}}]}]}}]}}";
        await AssertAnswerAsync(Json(call), HttpStatusCode.BadRequest, Is.EqualTo(
            $"Failed to validate scheduler::Call: Resource 'mem' has scalar value {shown} at " +
            "'accept.operations[0].launch.task_infos[0].resources[0]': it must be a finite, non-negative number"));
    }

    [Test]
    public async Task A_hundred_thousand_tasks_in_one_launch_are_400_naming_the_count_and_the_limit()
    {
        var tasks = string.Join(",", Enumerable.Repeat("{}", 100_000));
        var call = Accept + "[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[" + tasks + "]}}]}}";
        await AssertAnswerAsync(Json(call), HttpStatusCode.BadRequest,
            Is.EqualTo("Failed to validate scheduler::Call: Operation 0 (LAUNCH) has 100000 tasks, more than the limit of 10000"));
    }

    [Test]
    public async Task Too_many_tasks_in_one_launch_group_are_400()
    {
        var tasks = string.Join(",", Enumerable.Repeat("{}", 10_001));
        var call = Accept + "[{\"type\":\"LAUNCH_GROUP\",\"launch_group\":{\"executor\":{},\"task_group\":{\"tasks\":[" + tasks + "]}}}]}}";
        await AssertAnswerAsync(Json(call), HttpStatusCode.BadRequest,
            Does.Contain("Operation 0 (LAUNCH_GROUP) has 10001 tasks, more than the limit of 10000"));
    }

    [Test]
    public async Task Too_many_operations_in_one_accept_are_400()
    {
        var call = Accept + "[" + string.Join(",", Enumerable.Repeat("{\"type\":\"LAUNCH\"}", 10_001)) + "]}}";
        await AssertAnswerAsync(Json(call), HttpStatusCode.BadRequest,
            Is.EqualTo("Failed to validate scheduler::Call: ACCEPT has 10001 operations, more than the limit of 10000"));
    }

    [Test]
    public async Task The_operator_api_refuses_invalid_utf8_and_deep_json_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1") { Content = new ByteArrayContent([0x7B, 0xFF, 0x7D]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await AssertAnswerAsync(request, HttpStatusCode.BadRequest, Does.Contain("not valid UTF-8"));
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        using var deepRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1") { Content = new StringContent(deep, Encoding.UTF8, "application/json") };
        await AssertAnswerAsync(deepRequest, HttpStatusCode.BadRequest, Does.Contain("JSON nesting exceeds the limit of 64 levels"));
    }

    private async Task AssertAnswerAsync(HttpRequestMessage request, HttpStatusCode status, NUnit.Framework.Constraints.IResolveConstraint message)
    {
        using var _ = request;
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.Content.ReadAsStringAsync(), message);
    }

    /// <summary>A REVIVE with an unknown padding field, exactly <paramref name="size"/> bytes long.</summary>
    private static byte[] PaddedRevive(int size)
    {
        const string head = "{\"type\":\"REVIVE\",\"pad\":\"", tail = "\"}";
        return Encoding.UTF8.GetBytes(head + new string('x', size - head.Length - tail.Length) + tail);
    }

    private static HttpRequestMessage Json(string body) =>
        new(HttpMethod.Post, "/api/v1/scheduler") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private async Task<string> StateWithoutClocksAsync()
    {
        var state = JsonNode.Parse(await _http.GetStringAsync("/master/state"))!.AsObject();
        return new JsonObject
        {
            ["frameworks"] = state["frameworks"]?.DeepClone(),
            ["completed_frameworks"] = state["completed_frameworks"]?.DeepClone(),
            ["slaves"] = state["slaves"]?.DeepClone(),
            ["tasks"] = state["tasks"]?.DeepClone(),
        }.ToJsonString();
    }
}
