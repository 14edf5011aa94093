using System.Net;
using System.Text.Json.Nodes;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary><c>/master/health</c> and <c>/master/state-summary</c> over real HTTP, in Mesos's shape.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReadOnlyEndpointTests
{
    private MasterWithOneTask _cluster = null!;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task Health_is_ok()
    {
        using var response = await _cluster.Http.GetAsync("/master/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task State_summary_counts_the_agents_tasks_and_names_its_frameworks()
    {
        var summary = await SummaryAsync();

        var agent = summary["slaves"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(summary["hostname"]!.GetValue<string>(), Is.EqualTo("127.0.0.1"));
            Assert.That(agent["id"]!.GetValue<string>(), Is.EqualTo(_cluster.AgentId));
            Assert.That(agent["hostname"]!.GetValue<string>(), Is.EqualTo("agent-1.example.org"));
            Assert.That(agent["resources"]!["cpus"]!.GetValue<double>(), Is.EqualTo(2));
            Assert.That(agent["used_resources"]!["cpus"]!.GetValue<double>(), Is.EqualTo(1));
            Assert.That(agent["TASK_STAGING"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(agent["TASK_RUNNING"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(agent["framework_ids"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EqualTo(new[] { _cluster.FrameworkId }));
        });
    }

    [Test]
    public async Task State_summary_counts_the_frameworks_tasks_and_names_its_agents()
    {
        var summary = await SummaryAsync();

        var framework = summary["frameworks"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(framework["id"]!.GetValue<string>(), Is.EqualTo(_cluster.FrameworkId));
            Assert.That(framework["name"]!.GetValue<string>(), Is.EqualTo(MasterWithOneTask.FrameworkName));
            Assert.That(framework["connected"]!.GetValue<bool>(), Is.True);
            Assert.That(framework["used_resources"]!["mem"]!.GetValue<double>(), Is.EqualTo(128));
            Assert.That(framework["TASK_STAGING"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(framework["slave_ids"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { _cluster.AgentId }));
        });
    }

    private async Task<JsonNode> SummaryAsync()
    {
        using var response = await _cluster.Http.GetAsync("/master/state-summary");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
