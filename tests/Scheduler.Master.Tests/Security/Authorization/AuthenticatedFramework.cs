using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using SchedulerCall = Scheduler.Protocol.V1.SchedulerApi.Call;
using SchedulerEvent = Scheduler.Protocol.V1.SchedulerApi.Event;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>
/// A framework on the scheduler API with Basic credentials (<c>PRINCIPAL:PRINCIPAL-secret</c>), whose tasks run as
/// its user: it subscribes, takes an offer to launch a task, and tears itself down.
/// </summary>
public sealed class AuthenticatedFramework : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly string _principal;
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly RecordIoReader _records;
    private readonly string _streamId;

    private AuthenticatedFramework(HttpClient http, string principal, HttpResponseMessage response, Stream body)
    {
        _http = http;
        _principal = principal;
        _response = response;
        _body = body;
        _records = new RecordIoReader(body);
        _streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
    }

    public string FrameworkId { get; private set; } = "";

    public static async Task<AuthenticatedFramework> SubscribeAsync(HttpClient http, string principal, string user)
    {
        var subscribe = new SchedulerCall { Type = SchedulerCall.Types.Type.Subscribe, Subscribe = Frameworks.Named($"{principal}-framework", user) };
        var response = await http.SendAsync(Post(principal, MesosJson.Format(subscribe)), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"SUBSCRIBE answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var framework = new AuthenticatedFramework(http, principal, response, await response.Content.ReadAsStreamAsync());
        framework.FrameworkId = (await framework.NextOfAsync(SchedulerEvent.Types.Type.Subscribed)).Subscribed.FrameworkId.Value;
        return framework;
    }

    /// <summary>Launches a task (cpus 1, mem 128) on the first offer that comes.</summary>
    public async Task LaunchAsync(string taskId)
    {
        var offer = (await NextOfAsync(SchedulerEvent.Types.Type.Offers)).Offers.Offers_.First();
        await CallAsync(Calls.Accept(FrameworkId, offer.Id.Value, TaskInfos.Shell(taskId, "cpus:1;mem:128", agentId: offer.AgentId.Value)));
    }

    public Task TeardownAsync() => CallAsync(Calls.Teardown(FrameworkId));

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        _response.Dispose();
    }

    private async Task CallAsync(SchedulerCall call)
    {
        using var request = Post(_principal, MesosJson.Format(call));
        request.Headers.Add("Mesos-Stream-Id", _streamId);
        using var answer = await _http.SendAsync(request);
        if (answer.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"{call.Type} answered {answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
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

    private static HttpRequestMessage Post(string principal, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{principal}-secret")));
        return request;
    }
}
