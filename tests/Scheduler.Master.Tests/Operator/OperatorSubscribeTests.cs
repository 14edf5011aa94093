using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Akka.Actor;
using Google.Protobuf;
using Scheduler.Master.Http;
using Scheduler.Master.Leadership;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Master.Tests.Http;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using EventType = Scheduler.Protocol.V1.MasterApi.Event.Types.Type;
using SchedulerCall = Scheduler.Protocol.V1.SchedulerApi.Call;
using SchedulerEvent = Scheduler.Protocol.V1.SchedulerApi.Event;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Operator;

/// <summary>
/// The operator event stream over real HTTP: SUBSCRIBED with the state, a HEARTBEAT, then what happens in the
/// cluster — an agent registering, a framework subscribing, its task launched, running and finished.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OperatorSubscribeTests
{
    private const string Json = "application/json";
    private const string Protobuf = "application/x-protobuf";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [TestCase(Json)]
    [TestCase(Protobuf)]
    public async Task A_subscriber_sees_the_state_then_an_agent_a_framework_and_a_tasks_life(string mediaType)
    {
        await using var master = await SingleMaster.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Uri, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await SubscribeAsync(http, mediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new EventReader(body, mediaType);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(mediaType));
        Assert.That(response.Headers.Contains("Mesos-Stream-Id"), Is.False, "Mesos gives operator streams no stream id");
        var subscribed = await events.NextAsync();
        Assert.That(subscribed.Type, Is.EqualTo(EventType.Subscribed));
        Assert.That(subscribed.Subscribed.HeartbeatIntervalSeconds, Is.EqualTo(15));
        Assert.That(subscribed.Subscribed.GetState.GetAgents.Agents, Is.Empty);
        Assert.That((await events.NextAsync()).Type, Is.EqualTo(EventType.Heartbeat));

        var agentId = await RegisterAgentAsync(master);
        var agentAdded = await events.NextAsync();
        Assert.That(agentAdded.Type, Is.EqualTo(EventType.AgentAdded));
        Assert.That(agentAdded.AgentAdded.Agent.AgentInfo.Id.Value, Is.EqualTo(agentId));

        await using var framework = await FrameworkStream.SubscribeAsync(http);
        var frameworkAdded = await events.NextAsync();
        Assert.That(frameworkAdded.Type, Is.EqualTo(EventType.FrameworkAdded));
        Assert.That(frameworkAdded.FrameworkAdded.Framework.FrameworkInfo.Id.Value, Is.EqualTo(framework.FrameworkId));

        await framework.LaunchAsync(http, "web-1", agentId);
        var taskAdded = await events.NextAsync();
        Assert.That(taskAdded.Type, Is.EqualTo(EventType.TaskAdded));
        Assert.That(taskAdded.TaskAdded.Task.TaskId.Value, Is.EqualTo("web-1"));
        Assert.That(taskAdded.TaskAdded.Task.State, Is.EqualTo(TaskState.TaskStaging));

        foreach (var state in new[] { TaskState.TaskRunning, TaskState.TaskFinished })
        {
            master.Node.Master.Tell(Update(framework.FrameworkId, agentId, "web-1", state));
            var updated = await events.NextAsync();
            Assert.That(updated.Type, Is.EqualTo(EventType.TaskUpdated));
            Assert.That(updated.TaskUpdated.FrameworkId.Value, Is.EqualTo(framework.FrameworkId));
            Assert.That(updated.TaskUpdated.Status.TaskId.Value, Is.EqualTo("web-1"));
            Assert.That(updated.TaskUpdated.Status.State, Is.EqualTo(state));
            Assert.That(updated.TaskUpdated.State, Is.EqualTo(state));
        }
    }

    [Test]
    public async Task Several_subscribers_each_get_the_events_and_a_late_one_sees_them_in_its_state()
    {
        await using var master = await SingleMaster.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Uri, Timeout = Timeout.InfiniteTimeSpan };
        using var first = await SubscribeAsync(http, Json);
        using var second = await SubscribeAsync(http, Json);
        var firstEvents = new EventReader(await first.Content.ReadAsStreamAsync(), Json);
        var secondEvents = new EventReader(await second.Content.ReadAsStreamAsync(), Json);

        var agentId = await RegisterAgentAsync(master);

        Assert.That((await firstEvents.NextOfAsync(EventType.AgentAdded)).AgentAdded.Agent.AgentInfo.Id.Value, Is.EqualTo(agentId));
        Assert.That((await secondEvents.NextOfAsync(EventType.AgentAdded)).AgentAdded.Agent.AgentInfo.Id.Value, Is.EqualTo(agentId));
        using var late = await SubscribeAsync(http, Json);
        var state = (await new EventReader(await late.Content.ReadAsStreamAsync(), Json).NextAsync()).Subscribed.GetState;
        Assert.That(state.GetAgents.Agents.Select(a => a.AgentInfo.Id.Value), Is.EqualTo(new[] { agentId }));
    }

    [Test]
    public async Task A_standby_master_redirects_a_subscription_to_the_leader()
    {
        await using var master = await SingleMaster.StartAsync();
        var leader = new LeaderDirectory(LeaderView.Other(master.Uri));
        await using var standby = await MasterHttpServer.StartAsync(master.System, master.Node.Master, new MasterSettings { HttpPort = 0 }, leader: leader);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = standby.Address };

        using var response = await SubscribeAsync(http, Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
        Assert.That(response.Headers.Location, Is.EqualTo(new Uri(master.Uri, "/api/v1")));
    }

    private static async Task<HttpResponseMessage> SubscribeAsync(HttpClient http, string mediaType)
    {
        var call = new Call { Type = Call.Types.Type.Subscribe };
        using var request = mediaType == Json
            ? OperatorRequests.Post("""{"type":"SUBSCRIBE"}""", Json, Json)
            : OperatorRequests.Post(call.ToByteArray(), Protobuf, Protobuf);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<string> RegisterAgentAsync(SingleMaster master)
    {
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var agent = master.System.ActorOf(FakeAgent.Props(registered, new TaskCompletionSource<RunTask>()));
        master.Node.Master.Tell(Agents.With("cpus:2;mem:1024;disk:2048"), agent);
        return await registered.Task.WaitAsync(Patience);
    }

    private static StatusUpdateReported Update(string frameworkId, string agentId, string taskId, TaskState state) => new()
    {
        FrameworkId = new FrameworkID { Value = frameworkId },
        Status = new TaskStatus
        {
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = agentId },
            State = state,
            Source = TaskStatus.Types.Source.Executor,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
        },
    };

    /// <summary>Reads operator events off a RecordIO stream, each within the test's patience.</summary>
    private sealed class EventReader(Stream body, string mediaType)
    {
        private readonly RecordIoReader _records = new(body);

        public async Task<Event> NextAsync()
        {
            using var patience = new CancellationTokenSource(Patience);
            var record = await _records.ReadAsync(patience.Token) ?? throw new EndOfStreamException("the event stream ended");
            return mediaType == Json ? MesosJson.Parse<Event>(Encoding.UTF8.GetString(record)) : Event.Parser.ParseFrom(record);
        }

        public async Task<Event> NextOfAsync(EventType type)
        {
            while (true)
            {
                var next = await NextAsync();
                if (next.Type == type) return next;
            }
        }
    }

    /// <summary>A framework on the scheduler API that takes an offer to launch one task.</summary>
    private sealed class FrameworkStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _body;
        private readonly RecordIoReader _records;
        private readonly string _streamId;

        private FrameworkStream(HttpResponseMessage response, Stream body, string streamId)
        {
            _response = response;
            _body = body;
            _records = new RecordIoReader(body);
            _streamId = streamId;
        }

        public string FrameworkId { get; private set; } = "";

        public static async Task<FrameworkStream> SubscribeAsync(HttpClient http)
        {
            var subscribe = new SchedulerCall { Type = SchedulerCall.Types.Type.Subscribe, Subscribe = Frameworks.Named("watched") };
            var response = await http.SendAsync(SchedulerPost(MesosJson.Format(subscribe)), HttpCompletionOption.ResponseHeadersRead);
            var stream = new FrameworkStream(response, await response.Content.ReadAsStreamAsync(), response.Headers.GetValues("Mesos-Stream-Id").Single());
            stream.FrameworkId = (await stream.NextOfAsync(SchedulerEvent.Types.Type.Subscribed)).Subscribed.FrameworkId.Value;
            return stream;
        }

        public async Task LaunchAsync(HttpClient http, string taskId, string agentId)
        {
            var offer = (await NextOfAsync(SchedulerEvent.Types.Type.Offers)).Offers.Offers_.First();
            using var request = SchedulerPost(MesosJson.Format(Calls.Accept(FrameworkId, offer.Id.Value,
                TaskInfos.Shell(taskId, "cpus:1;mem:128", agentId: agentId))));
            request.Headers.Add("Mesos-Stream-Id", _streamId);
            using var accepted = await http.SendAsync(request);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await _body.DisposeAsync();
            _response.Dispose();
        }

        private async Task<SchedulerEvent> NextOfAsync(SchedulerEvent.Types.Type type)
        {
            using var patience = new CancellationTokenSource(Patience);
            while (await _records.ReadAsync(patience.Token) is { } record)
            {
                var next = MesosJson.Parse<SchedulerEvent>(Encoding.UTF8.GetString(record));
                if (next.Type == type) return next;
            }
            throw new EndOfStreamException("the scheduler stream ended");
        }

        private static HttpRequestMessage SchedulerPost(string json) => new(HttpMethod.Post, "/api/v1/scheduler")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
    }
}
