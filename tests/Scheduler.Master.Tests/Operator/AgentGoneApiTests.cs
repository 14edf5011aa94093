using System.Net;
using System.Text.Json.Nodes;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary><c>MARK_AGENT_GONE</c> over real HTTP, against a master with one agent running one task.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AgentGoneApiTests
{
    private MasterWithOneTask _cluster = null!;

    [SetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [TearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task An_agent_marked_gone_leaves_the_agents_and_its_task_is_lost()
    {
        var call = new JsonObject
        {
            ["type"] = "MARK_AGENT_GONE",
            ["mark_agent_gone"] = new JsonObject { ["agent_id"] = new JsonObject { ["value"] = _cluster.AgentId } },
        }.ToJsonString();

        var (status, body) = await _cluster.Http.PostJsonAsync(call);
        var state = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!;

        var framework = state["frameworks"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(state["slaves"]!.AsArray(), Is.Empty);
            Assert.That(state["gone_slaves"]!.AsArray().Select(a => (string?)a!["id"]), Is.EqualTo(new[] { _cluster.AgentId }));
            Assert.That(framework["tasks"]!.AsArray(), Is.Empty);
            Assert.That(framework["completed_tasks"]!.AsArray().Select(t => (string?)t!["state"]), Is.EqualTo(new[] { "TASK_LOST" }));
        });
    }

    [TestCase("""{"type":"MARK_AGENT_GONE"}""", "Expecting 'mark_agent_gone' with an 'agent_id' to be present")]
    [TestCase("""{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"x"}}}""", "Agent 'x' not found")]
    public async Task A_bad_request_is_refused_with_the_reason(string json, string reason)
    {
        var (status, body) = await _cluster.Http.PostJsonAsync(json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
    }
}
