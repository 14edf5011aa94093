using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Google.Protobuf;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Master.Tests.Http;
using Scheduler.Master.Tests.Operator;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Security.Authentication;
using Credential = Scheduler.Security.Authentication.Credential;
using EventType = Scheduler.Protocol.V1.MasterApi.Event.Types.Type;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>
/// The view ACLs over real HTTP on the operator event stream and <c>/master/state-summary</c>. Operators alice (may
/// view alice's frameworks and tasks), auditor (every framework, alice's tasks) and ops (everything) subscribe; then
/// bob's framework launches <c>bob-task</c>, carol's subscribes and tears itself down, alice's launches
/// <c>alice-task</c>, and both tasks run, alice's last.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ViewAuthorizationHttpTests
{
    private const string Acls = """
        {
          "permissive": true,
          "view_frameworks": [
            {"principals": {"values": ["ops", "auditor"]}, "users": {"type": "ANY"}},
            {"principals": {"values": ["alice"]}, "users": {"values": ["alice"]}},
            {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}
          ],
          "view_tasks": [
            {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
            {"principals": {"values": ["alice", "auditor"]}, "users": {"values": ["alice"]}},
            {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}
          ]
        }
        """;

    private static readonly string[] Principals = ["alice", "bob", "carol", "ops", "auditor"];
    private static readonly string[] Operators = ["alice", "auditor", "ops"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, List<Event>> _heard = new();
    private readonly List<IAsyncDisposable> _open = new();
    private SingleMaster _master = null!;
    private HttpClient _http = null!;
    private string _aliceFramework = "";
    private string _bobFramework = "";
    private string _carolFramework = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        Assert.That(AclDocument.TryParse(Acls, out var acls, out var error), Is.True, error);
        _master = await SingleMaster.StartAsync(settings => settings with
        {
            Authorizer = new Authorizer(acls!),
            Authentication = new AuthenticationSettings { Credentials = Principals.Select(p => new Credential(p, $"{p}-secret")).ToList() },
        });
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = Timeout.InfiniteTimeSpan };
        var agentId = await RegisterAgentAsync();
        var streams = new Dictionary<string, OperatorStream>();
        foreach (var principal in Operators) streams[principal] = Opened(await OperatorStream.SubscribeAsync(_http, principal));

        var bob = Opened(await AuthenticatedFramework.SubscribeAsync(_http, "bob", user: "bob"));
        await bob.LaunchAsync("bob-task");
        var carol = Opened(await AuthenticatedFramework.SubscribeAsync(_http, "carol", user: "carol"));
        await carol.TeardownAsync();
        var alice = Opened(await AuthenticatedFramework.SubscribeAsync(_http, "alice", user: "alice"));
        await alice.LaunchAsync("alice-task");
        (_aliceFramework, _bobFramework, _carolFramework) = (alice.FrameworkId, bob.FrameworkId, carol.FrameworkId);
        _master.Node.Master.Tell(Running(_bobFramework, agentId, "bob-task"));
        _master.Node.Master.Tell(Running(_aliceFramework, agentId, "alice-task"));

        foreach (var (principal, stream) in streams)
            _heard[principal] = await stream.UntilAsync(e => e.Type == EventType.TaskUpdated && e.TaskUpdated.Status.TaskId.Value == "alice-task");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var open in _open) await open.DisposeAsync();
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public void A_subscriber_hears_of_no_framework_or_task_its_principal_may_not_view()
    {
        var heard = _heard["alice"];

        Assert.Multiple(() =>
        {
            Assert.That(heard.Select(FrameworkOf).OfType<string>().Distinct(), Is.EqualTo(new[] { _aliceFramework }));
            Assert.That(TasksAdded(heard), Is.EqualTo(new[] { "alice-task" }));
            Assert.That(TasksUpdated(heard), Is.EqualTo(new[] { "alice-task" }));
            Assert.That(heard.Select(e => e.Type), Has.No.Member(EventType.FrameworkRemoved));
        });
    }

    [Test]
    public void A_subscriber_who_may_view_everything_hears_of_every_framework_and_task()
    {
        var heard = _heard["ops"];

        Assert.Multiple(() =>
        {
            Assert.That(FrameworksAdded(heard), Is.EqualTo(new[] { _bobFramework, _carolFramework, _aliceFramework }));
            Assert.That(heard.Where(e => e.Type == EventType.FrameworkRemoved).Select(FrameworkOf), Is.EqualTo(new[] { _carolFramework }));
            Assert.That(TasksAdded(heard), Is.EqualTo(new[] { "bob-task", "alice-task" }));
            Assert.That(TasksUpdated(heard), Is.EqualTo(new[] { "bob-task", "alice-task" }));
        });
    }

    [Test]
    public void A_subscriber_who_may_view_a_framework_but_not_its_tasks_hears_of_the_framework_alone()
    {
        var heard = _heard["auditor"];

        Assert.Multiple(() =>
        {
            Assert.That(FrameworksAdded(heard), Is.EqualTo(new[] { _bobFramework, _carolFramework, _aliceFramework }));
            Assert.That(TasksAdded(heard), Is.EqualTo(new[] { "alice-task" }));
            Assert.That(TasksUpdated(heard), Is.EqualTo(new[] { "alice-task" }));
        });
    }

    [Test]
    public async Task The_state_a_subscriber_starts_with_leaves_out_what_its_principal_may_not_view()
    {
        await using var alice = await OperatorStream.SubscribeAsync(_http, "alice");
        await using var ops = await OperatorStream.SubscribeAsync(_http, "ops");

        var aliceState = (await alice.NextAsync()).Subscribed.GetState;
        var opsState = (await ops.NextAsync()).Subscribed.GetState;

        Assert.Multiple(() =>
        {
            Assert.That(aliceState.GetFrameworks.Frameworks.Select(f => f.FrameworkInfo.Id.Value), Is.EqualTo(new[] { _aliceFramework }));
            Assert.That(aliceState.GetFrameworks.CompletedFrameworks, Is.Empty);
            Assert.That(aliceState.GetTasks.Tasks.Select(t => t.TaskId.Value), Is.EqualTo(new[] { "alice-task" }));
            Assert.That(opsState.GetFrameworks.Frameworks.Select(f => f.FrameworkInfo.Id.Value),
                Is.EquivalentTo(new[] { _bobFramework, _aliceFramework }));
            Assert.That(opsState.GetFrameworks.CompletedFrameworks.Select(f => f.FrameworkInfo.Id.Value), Is.EqualTo(new[] { _carolFramework }));
            Assert.That(opsState.GetTasks.Tasks.Select(t => t.TaskId.Value), Is.EquivalentTo(new[] { "bob-task", "alice-task" }));
        });
    }

    [Test]
    public async Task The_state_summary_lists_only_the_frameworks_the_principal_may_view()
    {
        var alice = await SummaryAsync("alice");
        var ops = await SummaryAsync("ops");
        var bob = await SummaryAsync("bob");

        Assert.Multiple(() =>
        {
            Assert.That(FrameworkIds(alice), Is.EqualTo(new[] { _aliceFramework }));
            Assert.That(FrameworkIds(ops), Is.EquivalentTo(new[] { _bobFramework, _aliceFramework }));
            Assert.That(FrameworkIds(bob), Is.Empty);
            Assert.That(alice["slaves"]![0]!["TASK_RUNNING"]!.GetValue<int>(), Is.EqualTo(2), "as Mesos, an agent's counts stay whole");
        });
    }

    private T Opened<T>(T disposable) where T : IAsyncDisposable
    {
        _open.Add(disposable);
        return disposable;
    }

    private async Task<string> RegisterAgentAsync()
    {
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var agent = _master.System.ActorOf(FakeAgent.Props(registered, new TaskCompletionSource<RunTask>()));
        _master.Node.Master.Tell(Agents.With("cpus:4;mem:2048;disk:4096"), agent);
        return await registered.Task.WaitAsync(Patience);
    }

    private async Task<JsonNode> SummaryAsync(string principal)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/master/state-summary");
        request.Headers.Authorization = Basic(principal);
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<string> FrameworkIds(JsonNode summary) =>
        summary["frameworks"]!.AsArray().Select(f => f!["id"]!.GetValue<string>());

    private static IEnumerable<string> FrameworksAdded(IEnumerable<Event> heard) =>
        heard.Where(e => e.Type == EventType.FrameworkAdded).Select(e => e.FrameworkAdded.Framework.FrameworkInfo.Id.Value);

    private static IEnumerable<string> TasksAdded(IEnumerable<Event> heard) =>
        heard.Where(e => e.Type == EventType.TaskAdded).Select(e => e.TaskAdded.Task.TaskId.Value);

    private static IEnumerable<string> TasksUpdated(IEnumerable<Event> heard) =>
        heard.Where(e => e.Type == EventType.TaskUpdated).Select(e => e.TaskUpdated.Status.TaskId.Value);

    private static string? FrameworkOf(Event heard) => heard.Type switch
    {
        EventType.FrameworkAdded => heard.FrameworkAdded.Framework.FrameworkInfo.Id.Value,
        EventType.FrameworkUpdated => heard.FrameworkUpdated.Framework.FrameworkInfo.Id.Value,
        EventType.FrameworkRemoved => heard.FrameworkRemoved.FrameworkInfo.Id.Value,
        EventType.TaskAdded => heard.TaskAdded.Task.FrameworkId.Value,
        EventType.TaskUpdated => heard.TaskUpdated.FrameworkId.Value,
        _ => null,
    };

    private static StatusUpdateReported Running(string frameworkId, string agentId, string taskId) => new()
    {
        FrameworkId = new FrameworkID { Value = frameworkId },
        Status = new TaskStatus
        {
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = agentId },
            State = TaskState.TaskRunning,
            Source = TaskStatus.Types.Source.Executor,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
        },
    };

    private static AuthenticationHeaderValue Basic(string principal) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{principal}-secret")));

    /// <summary>One operator's SUBSCRIBE over the operator API in JSON, read event by event within the test's patience.</summary>
    private sealed class OperatorStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _body;
        private readonly RecordIoReader _records;

        private OperatorStream(HttpResponseMessage response, Stream body)
        {
            _response = response;
            _body = body;
            _records = new RecordIoReader(body);
        }

        public static async Task<OperatorStream> SubscribeAsync(HttpClient http, string principal)
        {
            using var request = OperatorRequests.Post("""{"type":"SUBSCRIBE"}""");
            request.Headers.Authorization = Basic(principal);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), principal);
            return new OperatorStream(response, await response.Content.ReadAsStreamAsync());
        }

        public async Task<Event> NextAsync()
        {
            using var patience = new CancellationTokenSource(Patience);
            var record = await _records.ReadAsync(patience.Token) ?? throw new EndOfStreamException("the event stream ended");
            return MesosJson.Parse<Event>(Encoding.UTF8.GetString(record));
        }

        /// <summary>Every event up to and including the first that matches.</summary>
        public async Task<List<Event>> UntilAsync(Func<Event, bool> last)
        {
            var events = new List<Event>();
            while (true)
            {
                events.Add(await NextAsync());
                if (last(events[^1])) return events;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _body.DisposeAsync();
            _response.Dispose();
        }
    }
}
