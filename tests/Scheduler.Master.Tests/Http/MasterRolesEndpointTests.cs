using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.SchedulerApi;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Http;

/// <summary><c>/master/roles</c> and the <c>roles</c> of <c>/master/state</c> over real HTTP.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MasterRolesEndpointTests
{
    private SingleMaster _master = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _master = await SingleMaster.StartAsync();
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public async Task A_framework_in_a_sub_role_is_listed_under_its_role_and_the_parent_role_is_listed_too()
    {
        var (frameworkId, stream) = await SubscribeAsync("""["eng/batch","ops"]""");
        await using var _ = stream;

        using var response = await _http.GetAsync("/master/roles");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        var roles = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["roles"]!.AsArray();

        Assert.That(roles.Select(r => r!["name"]!.GetValue<string>()), Is.SupersetOf(new[] { "eng", "eng/batch", "ops" }));
        var batch = roles.Single(r => r!["name"]!.GetValue<string>() == "eng/batch")!;
        var eng = roles.Single(r => r!["name"]!.GetValue<string>() == "eng")!;
        Assert.Multiple(() =>
        {
            Assert.That(batch["weight"]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(batch["frameworks"]!.AsArray().Select(f => f!.GetValue<string>()), Does.Contain(frameworkId));
            Assert.That(eng["frameworks"]!.AsArray(), Is.Empty);
            Assert.That(batch["quota"]!["guarantee"]!.AsObject(), Is.Empty);
            Assert.That(batch["held_back_last_cycle"]!["cpus"]!.GetValue<double>(), Is.EqualTo(0));
            Assert.That(batch["frameworks_filtered_total"]!.GetValue<long>(), Is.EqualTo(0));
        });

        var state = JsonNode.Parse(await _http.GetStringAsync("/master/state"))!;
        Assert.That(state["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Does.Contain("eng/batch"));
    }

    private async Task<(string FrameworkId, Stream Body)> SubscribeAsync(string rolesJson)
    {
        var json = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"roles","roles":"""
            + rolesJson + ""","capabilities":[{"type":"MULTI_ROLE"}]}}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ErrorOf(response));
        var body = await response.Content.ReadAsStreamAsync();
        var first = await new RecordIoReader(body).ReadAsync();
        var subscribed = MesosJson.Parse<Event>(Encoding.UTF8.GetString(first!));
        return (subscribed.Subscribed.FrameworkId.Value, body);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync();
}
