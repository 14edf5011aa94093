using System.Net;
using System.Text.Json.Nodes;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary>Mesos's maintenance calls over real HTTP, against a master with one agent running one task.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MaintenanceApiTests
{
    private MasterWithOneTask _cluster = null!;

    [SetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [TearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task A_schedule_is_kept_and_its_machine_goes_down_and_up()
    {
        var hostname = (string)JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!["slaves"]!.AsArray().Single()!["hostname"]!;
        var machines = $$$"""[{"hostname":"{{{hostname}}}"}]""";
        var update = $$$$"""
            {"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{"windows":[
              {"machine_ids":{{{{machines}}}},"unavailability":{"start":{"nanoseconds":1700000000000000000},"duration":{"nanoseconds":3600000000000}}}]}}}
            """;

        var (updated, updateBody) = await _cluster.Http.PostJsonAsync(update);
        var (_, scheduleBody) = await _cluster.Http.PostJsonAsync("""{"type":"GET_MAINTENANCE_SCHEDULE"}""");
        var (_, drainingBody) = await _cluster.Http.PostJsonAsync("""{"type":"GET_MAINTENANCE_STATUS"}""");
        var (started, startBody) = await _cluster.Http.PostJsonAsync($$$"""{"type":"START_MAINTENANCE","start_maintenance":{"machines":{{{machines}}}}}""");
        var state = JsonNode.Parse(await _cluster.Http.GetStringAsync("/master/state"))!;
        var (_, downBody) = await _cluster.Http.PostJsonAsync("""{"type":"GET_MAINTENANCE_STATUS"}""");
        var (stopped, _) = await _cluster.Http.PostJsonAsync($$$"""{"type":"STOP_MAINTENANCE","stop_maintenance":{"machines":{{{machines}}}}}""");

        Assert.Multiple(() =>
        {
            Assert.That(updated, Is.EqualTo(HttpStatusCode.OK), updateBody);
            var window = JsonNode.Parse(scheduleBody)!["get_maintenance_schedule"]!["schedule"]!["windows"]!.AsArray().Single()!;
            Assert.That((string?)window["machine_ids"]![0]!["hostname"], Is.EqualTo(hostname));
            Assert.That((string?)JsonNode.Parse(drainingBody)!["get_maintenance_status"]!["status"]!["draining_machines"]![0]!["id"]!["hostname"], Is.EqualTo(hostname));
            Assert.That(started, Is.EqualTo(HttpStatusCode.OK), startBody);
            Assert.That(state["slaves"]!.AsArray(), Is.Empty);
            Assert.That((string?)JsonNode.Parse(downBody)!["get_maintenance_status"]!["status"]!["down_machines"]![0]!["hostname"], Is.EqualTo(hostname));
            Assert.That(stopped, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("""{"type":"START_MAINTENANCE","start_maintenance":{"machines":[{"hostname":"nowhere"}]}}""",
        """Machine '{"hostname":"nowhere"}' is not part of a maintenance schedule""")]
    [TestCase("""{"type":"UPDATE_MAINTENANCE_SCHEDULE"}""", "Expecting 'update_maintenance_schedule' to be present")]
    [TestCase("""{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{"windows":[{"machine_ids":[],"unavailability":{"start":{"nanoseconds":0}}}]}}}""",
        "List of machines in the maintenance window is empty")]
    public async Task A_bad_request_is_refused_with_the_reason(string json, string reason)
    {
        var (status, body) = await _cluster.Http.PostJsonAsync(json);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
    }
}
