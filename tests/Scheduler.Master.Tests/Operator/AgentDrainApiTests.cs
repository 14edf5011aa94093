using System.Net;
using System.Text.Json.Nodes;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary><c>DRAIN_AGENT</c>, <c>DEACTIVATE_AGENT</c>, <c>REACTIVATE_AGENT</c> and <c>TEARDOWN</c> over real HTTP, against a master with one agent running one task.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AgentDrainApiTests
{
    private MasterWithOneTask _cluster = null!;

    [SetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [TearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task A_draining_agent_shows_deactivated_with_its_drain_info_and_cannot_be_reactivated_yet()
    {
        var (drained, drainBody) = await _cluster.Http.PostJsonAsync(AgentCall("DRAIN_AGENT", """ ,"max_grace_period":"10s","mark_gone":false """));
        var agent = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!["slaves"]!.AsArray().Single()!;
        var (_, agentsBody) = await _cluster.Http.PostJsonAsync("""{"type":"GET_AGENTS"}""");
        var listed = JsonNode.Parse(agentsBody)!["get_agents"]!["agents"]!.AsArray().Single()!;
        var (reactivated, reactivateBody) = await _cluster.Http.PostJsonAsync(AgentCall("REACTIVATE_AGENT"));

        Assert.Multiple(() =>
        {
            Assert.That(drained, Is.EqualTo(HttpStatusCode.OK), drainBody);
            Assert.That((bool?)agent["deactivated"], Is.True);
            Assert.That((string?)agent["drain_info"]!["state"], Is.EqualTo("DRAINING"));
            Assert.That(agent["drain_info"]!["config"]!["max_grace_period"]!["nanoseconds"]!.ToString(), Is.EqualTo("10000000000"));
            Assert.That((bool?)listed["deactivated"], Is.True);
            Assert.That((string?)listed["drain_info"]!["state"], Is.EqualTo("DRAINING"));
            Assert.That(reactivated, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(reactivateBody, Is.EqualTo("Agent is still in the DRAINING state"));
        });
    }

    [Test]
    public async Task A_deactivated_agent_is_reactivated()
    {
        var (deactivated, body) = await _cluster.Http.PostJsonAsync(AgentCall("DEACTIVATE_AGENT"));
        var whileOff = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!["slaves"]!.AsArray().Single()!;
        var (reactivated, _) = await _cluster.Http.PostJsonAsync(AgentCall("REACTIVATE_AGENT"));
        var afterwards = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!["slaves"]!.AsArray().Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(deactivated, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That((bool?)whileOff["deactivated"], Is.True);
            Assert.That(whileOff["drain_info"], Is.Null);
            Assert.That(reactivated, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((bool?)afterwards["deactivated"], Is.False);
        });
    }

    [Test]
    public async Task Teardown_moves_the_framework_and_its_task_to_the_completed_ones()
    {
        var call = new JsonObject
        {
            ["type"] = "TEARDOWN",
            ["teardown"] = new JsonObject { ["framework_id"] = new JsonObject { ["value"] = _cluster.FrameworkId } },
        }.ToJsonString();

        var (status, body) = await _cluster.Http.PostJsonAsync(call);
        var state = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!;

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(state["frameworks"]!.AsArray(), Is.Empty);
            var completed = state["completed_frameworks"]!.AsArray().Single()!;
            Assert.That((string?)completed["id"], Is.EqualTo(_cluster.FrameworkId));
            Assert.That(completed["completed_tasks"]!.AsArray().Select(t => (string?)t!["state"]), Is.EqualTo(new[] { "TASK_KILLED" }));
        });
    }

    [TestCase("""{"type":"DRAIN_AGENT"}""", "Expecting 'drain_agent' with an 'agent_id' to be present")]
    [TestCase("""{"type":"DEACTIVATE_AGENT","deactivate_agent":{}}""", "Expecting 'deactivate_agent' with an 'agent_id' to be present")]
    [TestCase("""{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":"x"}}}""", "Unknown agent")]
    [TestCase("""{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":"x"},"max_grace_period":"-5s"}}""", "'max_grace_period' must be non-negative")]
    [TestCase("""{"type":"TEARDOWN","teardown":{"framework_id":{"value":"x"}}}""", "No framework found with specified ID 'x'")]
    [TestCase("""{"type":"TEARDOWN"}""", "Expecting 'teardown' with a 'framework_id' to be present")]
    public async Task A_bad_request_is_refused_with_the_reason(string json, string reason)
    {
        var (status, body) = await _cluster.Http.PostJsonAsync(json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
    }

    private string AgentCall(string type, string extra = "")
    {
        var field = type.ToLowerInvariant();
        return $$$"""{"type":"{{{type}}}","{{{field}}}":{"agent_id":{"value":"{{{_cluster.AgentId}}}"}{{{extra}}}}}""";
    }
}
