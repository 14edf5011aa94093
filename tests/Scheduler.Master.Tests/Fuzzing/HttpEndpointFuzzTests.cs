using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Fuzzing;
using Scheduler.Master.Tests.Http;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.SchedulerApi;
using WireFormat = Scheduler.Master.Http.WireFormat;

namespace Scheduler.Master.Tests.Fuzzing;

/// <summary>
/// Mutated bodies against a live master (real Kestrel, the master actor in process): none is answered with a server
/// error, and afterwards the master still answers its health checks and a framework's calls, its state unchanged.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpEndpointFuzzTests
{
    private const int BodiesPerApi = 1_500;
    private const int Seed = 20_240_104;

    [Test]
    public async Task Thousands_of_mutated_bodies_leave_the_master_healthy_and_its_state_unchanged()
    {
        await using var master = await SingleMaster.StartAsync();
        using var http = new HttpClient { BaseAddress = master.Uri, Timeout = TimeSpan.FromSeconds(20) };
        var (frameworkId, streamId, stream) = await SubscribeAsync(http);
        await using var _ = stream;
        var before = await StateFingerprintAsync(http);

        var random = new Random(Seed);
        var scheduler = new BodyGenerator(CallFamily.Scheduler);
        var operatorCalls = new BodyGenerator(CallFamily.Operator, SeedCorpus.ReadOnlyOperatorCalls);
        var requests = Enumerable.Range(0, BodiesPerApi)
            .SelectMany(_ => new[] { ("/api/v1/scheduler", scheduler.Next(random)), ("/api/v1", operatorCalls.Next(random)) }).ToList();
        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentBag<string>();
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancel) =>
        {
            var (path, input) = request;
            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(input.Body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(WireFormat.ContentType(input.Format));
            // With a stream id a SUBSCRIBE is refused, and no other call can name this test's stream.
            if (path.EndsWith("scheduler", StringComparison.Ordinal)) message.Headers.Add("Mesos-Stream-Id", "fuzz-stream");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            // 501 is the documented answer to a call type this master does not support.
            if (status >= 500 && status != (int)HttpStatusCode.NotImplemented) serverErrors.Add($"{status} for {input}");
        });
        var elapsed = DateTime.UtcNow - started;
        TestContext.Progress.WriteLine(
            $"http fuzz bodies={requests.Count} seconds={elapsed.TotalSeconds:F1} statuses=" +
            string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}")));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(serverErrors, Is.Empty, "bodies answered with a server error");
            Assert.That((await http.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.GetAsync("/master/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StateFingerprintAsync(http), Is.EqualTo(before), "the master's state");
            using var revive = Post($$$"""{"type":"REVIVE","framework_id":{"value":"{{{frameworkId}}}"}}""");
            revive.Headers.Add("Mesos-Stream-Id", streamId);
            Assert.That((await http.SendAsync(revive)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a framework's call afterwards");
        });
    }

    /// <summary>What a body could have changed: agents, frameworks, tasks, weights and quotas.</summary>
    private static async Task<string> StateFingerprintAsync(HttpClient http)
    {
        var state = JsonNode.Parse(await http.GetStringAsync("/master/state"))!;
        var frameworks = state["frameworks"]!.AsArray().Select(f => $"{f!["id"]}:{f["active"]}:{f["tasks"]!.AsArray().Count}");
        return string.Join(";",
            $"frameworks={string.Join(",", frameworks)}",
            $"completed_frameworks={state["completed_frameworks"]!.AsArray().Count}",
            $"agents={state["slaves"]!.AsArray().Count}",
            $"weights={await http.GetStringAsync("/master/weights")}",
            $"quota={await http.GetStringAsync("/master/quota")}");
    }

    private static async Task<(string FrameworkId, string StreamId, Stream Body)> SubscribeAsync(HttpClient http)
    {
        var response = await http.SendAsync(
            Post("""{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"fuzz-witness"}}}"""),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var streamId = response.Headers.GetValues("Mesos-Stream-Id").Single();
        var body = await response.Content.ReadAsStreamAsync();
        var subscribed = MesosJson.Parse<Event>(Encoding.UTF8.GetString((await new RecordIoReader(body).ReadAsync())!));
        return (subscribed.Subscribed.FrameworkId.Value, streamId, body);
    }

    private static HttpRequestMessage Post(string json) => new(HttpMethod.Post, "/api/v1/scheduler")
    {
        Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
