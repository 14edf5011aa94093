using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Resources;
using Resource = Scheduler.Protocol.V1.Resource;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary>
/// The operator API over real HTTP, in JSON and in protobuf, against a master with one (fake) agent and one framework
/// whose task the agent was asked to run.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OperatorApiTests
{
    private const string Json = "application/json";
    private const string Protobuf = "application/x-protobuf";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private MasterWithOneTask _cluster = null!;

    private HttpClient Http => _cluster.Http;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_health_says_healthy(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetHealth, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetHealth));
        Assert.That(response.GetHealth.Healthy, Is.True);
    }

    [Test]
    public async Task Json_answers_have_mesos_field_and_enum_names()
    {
        using var response = await Http.SendAsync(OperatorRequests.Post("""{"type":"GET_HEALTH"}""", Json, Json));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"type":"GET_HEALTH","get_health":{"healthy":true}}"""));
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_version_gives_the_masters_version(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetVersion, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetVersion));
        Assert.That(response.GetVersion.VersionInfo.Version, Is.EqualTo(new MasterSettings().Version));
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_flags_gives_the_allocation_interval(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetFlags, mediaType);

        var flags = response.GetFlags.Flags.ToDictionary(f => f.Name, f => f.Value);
        Assert.That(flags["allocation_interval"], Is.EqualTo("100ms"));
        Assert.That(flags["hostname"], Is.EqualTo("127.0.0.1"));
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_metrics_counts_the_active_agent_under_mesos_names(string mediaType)
    {
        var deadline = DateTime.UtcNow + Patience;
        Dictionary<string, double> metrics;
        do
        {
            var response = await CallAsync(Call.Types.Type.GetMetrics, mediaType);
            Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetMetrics));
            metrics = response.GetMetrics.Metrics.ToDictionary(m => m.Name, m => m.Value);
        }
        while (metrics.GetValueOrDefault("master/slaves_active") < 1 && DateTime.UtcNow < deadline);

        Assert.That(metrics["master/slaves_active"], Is.EqualTo(1));
        Assert.That(metrics["master/frameworks_connected"], Is.EqualTo(1));
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_agents_lists_the_agent_with_its_total_and_allocated_resources(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetAgents, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetAgents));
        var agent = response.GetAgents.Agents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(agent.AgentInfo.Id.Value, Is.EqualTo(_cluster.AgentId));
            Assert.That(agent.AgentInfo.Hostname, Is.EqualTo("agent-1.example.org"));
            Assert.That(agent.Active, Is.True);
            Assert.That(agent.Pid, Is.EqualTo("slave(1)@agent-1.example.org:5051"));
            Assert.That(agent.RegisteredTime.Nanoseconds, Is.GreaterThan(0));
            Assert.That(Cpus(agent.TotalResources), Is.EqualTo(2));
            Assert.That(Cpus(agent.AllocatedResources), Is.EqualTo(1));
        });
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_frameworks_lists_the_connected_framework_and_what_it_holds(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetFrameworks, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetFrameworks));
        var framework = response.GetFrameworks.Frameworks.Single();
        Assert.Multiple(() =>
        {
            Assert.That(framework.FrameworkInfo.Id.Value, Is.EqualTo(_cluster.FrameworkId));
            Assert.That(framework.FrameworkInfo.Name, Is.EqualTo(MasterWithOneTask.FrameworkName));
            Assert.That(framework.Active, Is.True);
            Assert.That(framework.Connected, Is.True);
            Assert.That(framework.Recovered, Is.False);
            Assert.That(Cpus(framework.AllocatedResources), Is.EqualTo(1));
            Assert.That(framework.Offers.Select(o => o.AgentId.Value), Is.All.EqualTo(_cluster.AgentId));
        });
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_tasks_lists_the_launched_task_as_staging(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetTasks, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetTasks));
        var task = response.GetTasks.Tasks.Single();
        Assert.Multiple(() =>
        {
            Assert.That(task.TaskId.Value, Is.EqualTo(MasterWithOneTask.TaskId));
            Assert.That(task.FrameworkId.Value, Is.EqualTo(_cluster.FrameworkId));
            Assert.That(task.AgentId.Value, Is.EqualTo(_cluster.AgentId));
            Assert.That(task.State, Is.EqualTo(TaskState.TaskStaging));
            Assert.That(response.GetTasks.CompletedTasks, Is.Empty);
        });
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_state_holds_the_agents_frameworks_and_tasks(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetState, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetState));
        var state = response.GetState;
        Assert.Multiple(() =>
        {
            Assert.That(state.GetAgents.Agents.Select(a => a.AgentInfo.Id.Value), Is.EqualTo(new[] { _cluster.AgentId }));
            Assert.That(state.GetFrameworks.Frameworks.Select(f => f.FrameworkInfo.Id.Value), Is.EqualTo(new[] { _cluster.FrameworkId }));
            Assert.That(state.GetTasks.Tasks.Select(t => t.TaskId.Value), Is.EqualTo(new[] { MasterWithOneTask.TaskId }));
            Assert.That(state.GetExecutors, Is.Not.Null);
        });
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_executors_is_empty_for_command_tasks(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetExecutors, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetExecutors));
        Assert.That(response.GetExecutors.Executors, Is.Empty);
    }

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task Get_master_describes_the_leading_master(string mediaType)
    {
        var response = await CallAsync(Call.Types.Type.GetMaster, mediaType);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetMaster));
        var master = response.GetMaster;
        Assert.Multiple(() =>
        {
            Assert.That(master.MasterInfo.Id, Is.Not.Empty);
            Assert.That(master.MasterInfo.Hostname, Is.EqualTo("127.0.0.1"));
            Assert.That(master.MasterInfo.Ip, Is.EqualTo(0x0100007Fu), "127.0.0.1 in network byte order");
            Assert.That(master.StartTime, Is.GreaterThan(0));
            Assert.That(master.ElectedTime, Is.EqualTo(master.StartTime));
        });
    }

    [Test]
    public async Task Get_is_not_allowed()
    {
        using var response = await Http.GetAsync("/api/v1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(response.Content.Headers.Allow, Is.EqualTo(new[] { "POST" }));
    }

    [Test]
    public async Task An_unknown_content_type_is_unsupported()
    {
        using var response = await Http.SendAsync(OperatorRequests.Post("""{"type":"GET_HEALTH"}""", "text/plain", Json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task An_unacceptable_accept_header_is_refused()
    {
        using var response = await Http.SendAsync(OperatorRequests.Post("""{"type":"GET_HEALTH"}""", Json, "text/html"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable));
    }

    [Test]
    public async Task Malformed_json_is_a_bad_request_that_says_so()
    {
        using var response = await Http.SendAsync(OperatorRequests.Post("{\"type\": ", Json, Json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Failed to parse body into Call protobuf"));
    }

    [TestCase("{}")]
    [TestCase("""{"type":"UNKNOWN"}""")]
    public async Task A_call_without_a_type_is_a_bad_request(string body)
    {
        using var response = await Http.SendAsync(OperatorRequests.Post(body, Json, Json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("'type'"));
    }

    [Test]
    public async Task A_call_this_master_does_not_answer_yet_is_not_implemented()
    {
        using var response = await Http.SendAsync(OperatorRequests.Post("""{"type":"CREATE_VOLUMES"}""", Json, Json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotImplemented));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("CREATE_VOLUMES"));
    }

    private async Task<Response> CallAsync(Call.Types.Type type, string mediaType)
    {
        var call = new Call { Type = type };
        using var request = mediaType == Json
            ? OperatorRequests.Post(MesosJson.Format(call), Json, Json)
            : OperatorRequests.Post(call.ToByteArray(), Protobuf, Protobuf);
        using var response = await Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(mediaType));
        return mediaType == Json
            ? MesosJson.Parse<Response>(await response.Content.ReadAsStringAsync())
            : Response.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    private static double Cpus(IEnumerable<Resource> resources) =>
        ResourceSet.FromProto(resources).ScalarQuantities().GetValueOrDefault("cpus");
}
