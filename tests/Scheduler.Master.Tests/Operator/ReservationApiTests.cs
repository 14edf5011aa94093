using System.Net;
using System.Text.Json.Nodes;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary>
/// <c>RESERVE_RESOURCES</c> and <c>UNRESERVE_RESOURCES</c> over real HTTP, against a master with one agent of cpus 2,
/// mem 1024, disk 2048 whose task holds cpus 1 and mem 128.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReservationApiTests
{
    private MasterWithOneTask _cluster = null!;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task An_operator_reserves_then_unreserves_free_resources_of_an_agent()
    {
        var (status, body) = await PostAsync(Call("RESERVE_RESOURCES", "reserve_resources", "cpus", 0.5));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), body);

        var agent = await AgentStateAsync();
        var reserved = agent["reserved_resources_full"]!["ops-team"]!.AsArray().Single()!;
        Assert.That((string?)reserved["name"], Is.EqualTo("cpus"));
        Assert.That((double?)reserved["scalar"]!["value"], Is.EqualTo(0.5));
        Assert.That((string?)reserved["reservations"]![0]!["principal"], Is.EqualTo("operator"));
        Assert.That((double?)agent["reserved_resources"]!["ops-team"]!["cpus"], Is.EqualTo(0.5));

        (status, body) = await PostAsync(Call("UNRESERVE_RESOURCES", "unreserve_resources", "cpus", 0.5));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), body);
        Assert.That((await AgentStateAsync())["reserved_resources_full"]!.AsObject(), Is.Empty);
    }

    [Test]
    public async Task Reserving_more_than_the_agent_has_free_is_a_conflict()
    {
        var (status, body) = await PostAsync(Call("RESERVE_RESOURCES", "reserve_resources", "cpus", 1.5));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(body, Does.StartWith("Invalid RESERVE operation: the agent's free resources"));
    }

    [TestCase("""{"type":"RESERVE_RESOURCES"}""", "Expecting 'reserve_resources' with an 'agent_id' to be present")]
    [TestCase("""{"type":"RESERVE_RESOURCES","reserve_resources":{"agent_id":{"value":"x"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1}}]}}""",
        "Invalid RESERVE operation: Resource cpus:1 is not dynamically reserved")]
    [TestCase("""{"type":"RESERVE_RESOURCES","reserve_resources":{"agent_id":{"value":"x"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":-1},"reservations":[{"type":"DYNAMIC","role":"a"}]}]}}""",
        "Invalid RESERVE operation: Invalid resources: Invalid resource 'cpus': scalar value -1 must be a finite, non-negative number")]
    [TestCase("""{"type":"UNRESERVE_RESOURCES","unreserve_resources":{"agent_id":{"value":"x"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"DYNAMIC","role":"a"}]}]}}""",
        "No agent found with specified ID 'x'")]
    public async Task A_bad_request_is_refused_with_the_reason(string json, string reason)
    {
        var (status, body) = await PostAsync(json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
    }

    private string Call(string type, string field, string name, double value)
    {
        var resource = new JsonObject
        {
            ["name"] = name, ["type"] = "SCALAR", ["scalar"] = new JsonObject { ["value"] = value },
            ["reservations"] = new JsonArray(new JsonObject { ["type"] = "DYNAMIC", ["role"] = "ops-team", ["principal"] = "operator" }),
        };
        var body = new JsonObject { ["agent_id"] = new JsonObject { ["value"] = _cluster.AgentId }, ["resources"] = new JsonArray(resource) };
        return new JsonObject { ["type"] = type, [field] = body }.ToJsonString();
    }

    private async Task<JsonNode> AgentStateAsync() =>
        JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!["slaves"]!.AsArray().Single()!;

    private Task<(HttpStatusCode Status, string Body)> PostAsync(string json) => _cluster.Http.PostJsonAsync(json);
}
