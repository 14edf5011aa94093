using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Akka.Actor;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Master.Tests.Http;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using SchedulerCall = Scheduler.Protocol.V1.SchedulerApi.Call;
using SchedulerEvent = Scheduler.Protocol.V1.SchedulerApi.Event;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary>
/// A master over real HTTP with one fake agent (cpus 2, mem 1024, disk 2048) and one subscribed framework,
/// <c>operator-test</c>, whose task <c>web-1</c> (cpus 1, mem 128) the agent was asked to run and so stays staging.
/// </summary>
public sealed class MasterWithOneTask : IAsyncDisposable
{
    public const string FrameworkName = "operator-test";
    public const string TaskId = "web-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SingleMaster _master;
    private Stream? _schedulerStream;

    private MasterWithOneTask(SingleMaster master)
    {
        _master = master;
        Http = new HttpClient { BaseAddress = master.Uri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public HttpClient Http { get; }
    public string AgentId { get; private set; } = "";
    public string FrameworkId { get; private set; } = "";

    public static async Task<MasterWithOneTask> StartAsync()
    {
        var cluster = new MasterWithOneTask(await SingleMaster.StartAsync());
        try
        {
            await cluster.PopulateAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_schedulerStream is not null) await _schedulerStream.DisposeAsync();
        Http.Dispose();
        await _master.DisposeAsync();
    }

    private async Task PopulateAsync()
    {
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runTask = new TaskCompletionSource<RunTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var agent = _master.System.ActorOf(FakeAgent.Props(registered, runTask), "fake-agent");
        _master.Node.Master.Tell(Agents.With("cpus:2;mem:1024;disk:2048"), agent);
        AgentId = await registered.Task.WaitAsync(Patience);

        var (streamId, offer) = await SubscribeAndTakeAnOfferAsync();
        var accept = Calls.Accept(FrameworkId, offer.Id.Value, TaskInfos.Shell(TaskId, "cpus:1;mem:128", agentId: AgentId));
        using var request = SchedulerPost(MesosJson.Format(accept));
        request.Headers.Add("Mesos-Stream-Id", streamId);
        using var accepted = await Http.SendAsync(request);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"ACCEPT answered {accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        await runTask.Task.WaitAsync(Patience);
    }

    private async Task<(string StreamId, Offer Offer)> SubscribeAndTakeAnOfferAsync()
    {
        var subscribe = new SchedulerCall { Type = SchedulerCall.Types.Type.Subscribe, Subscribe = Frameworks.Named(FrameworkName) };
        var response = await Http.SendAsync(SchedulerPost(MesosJson.Format(subscribe)), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"SUBSCRIBE answered {response.StatusCode}");
        var streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
        _schedulerStream = await response.Content.ReadAsStreamAsync();
        var reader = new RecordIoReader(_schedulerStream);
        using var patience = new CancellationTokenSource(Patience);
        while (await reader.ReadAsync(patience.Token) is { } record)
        {
            var next = MesosJson.Parse<SchedulerEvent>(Encoding.UTF8.GetString(record));
            if (next.Type == SchedulerEvent.Types.Type.Subscribed) FrameworkId = next.Subscribed.FrameworkId.Value;
            if (next.Type == SchedulerEvent.Types.Type.Offers) return (streamId, next.Offers.Offers_.First());
        }
        throw new InvalidOperationException("The scheduler stream ended before an offer came");
    }

    private static HttpRequestMessage SchedulerPost(string json) => new(HttpMethod.Post, "/api/v1/scheduler")
    {
        Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
