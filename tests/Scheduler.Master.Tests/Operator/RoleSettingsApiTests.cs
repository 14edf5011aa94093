using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.MasterApi;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Master.Tests.Operator;

/// <summary>
/// <c>UPDATE_WEIGHTS</c>, <c>GET_WEIGHTS</c>, <c>UPDATE_QUOTA</c> and <c>GET_QUOTA</c> over real HTTP, against a
/// master with one agent of cpus 2, mem 1024, disk 2048.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RoleSettingsApiTests
{
    private const string Json = "application/json";

    private MasterWithOneTask _cluster = null!;

    private HttpClient Http => _cluster.Http;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await MasterWithOneTask.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task Update_weights_then_get_weights_gives_them_back()
    {
        var (status, _) = await PostAsync("""
            {"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"weighted-a","weight":2.5},{"role":"weighted-b","weight":0.5}]}}
            """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));

        var response = await CallAsync("""{"type":"GET_WEIGHTS"}""");
        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetWeights));
        var weights = response.GetWeights.WeightInfos.ToDictionary(w => w.Role, w => w.Weight);
        Assert.That(weights["weighted-a"], Is.EqualTo(2.5));
        Assert.That(weights["weighted-b"], Is.EqualTo(0.5));

        var legacy = JsonNode.Parse(await Http.GetStringAsync("/master/weights"))!.AsArray();
        Assert.That(legacy.Any(w => (string?)w!["role"] == "weighted-a" && (double?)w["weight"] == 2.5), Is.True, legacy.ToJsonString());

        var roles = JsonNode.Parse(await Http.GetStringAsync("/master/roles"))!["roles"]!.AsArray();
        Assert.That((double?)roles.Single(r => (string?)r!["name"] == "weighted-a")!["weight"], Is.EqualTo(2.5));
    }

    [Test]
    public async Task Update_quota_then_get_quota_gives_configs_and_legacy_infos()
    {
        var (status, body) = await PostAsync("""
            {"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[
              {"role":"analytics","guarantees":{"cpus":{"value":0.5}},"limits":{"cpus":{"value":1},"mem":{"value":512}}}]}}
            """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);

        var response = await CallAsync("""{"type":"GET_QUOTA"}""");
        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetQuota));
        var config = response.GetQuota.Status.Configs.Single(c => c.Role == "analytics");
        Assert.That(config.Guarantees["cpus"].Value, Is.EqualTo(0.5));
        Assert.That(config.Limits["cpus"].Value, Is.EqualTo(1));
        Assert.That(config.Limits["mem"].Value, Is.EqualTo(512));
        var info = response.GetQuota.Status.Infos.Single(i => i.Role == "analytics");
        Assert.That(info.Guarantee.Single().Name, Is.EqualTo("cpus"));
        Assert.That(info.Guarantee.Single().Scalar.Value, Is.EqualTo(0.5));

        var roles = JsonNode.Parse(await Http.GetStringAsync("/master/roles"))!["roles"]!.AsArray();
        var quota = roles.Single(r => (string?)r!["name"] == "analytics")!["quota"]!;
        Assert.That((string?)quota["role"], Is.EqualTo("analytics"));
        Assert.That((double?)quota["guarantee"]!["cpus"], Is.EqualTo(0.5));
        Assert.That((double?)quota["limit"]!["mem"], Is.EqualTo(512));
        Assert.That(quota["consumed"], Is.Not.Null);

        var legacy = JsonNode.Parse(await Http.GetStringAsync("/master/quota"))!;
        Assert.That(legacy["configs"]!.AsArray().Any(c => (string?)c!["role"] == "analytics"), Is.True, legacy.ToJsonString());

        // An empty config brings the role back to the default quota.
        (status, body) = await PostAsync("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"analytics"}]}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        var after = await CallAsync("""{"type":"GET_QUOTA"}""");
        Assert.That(after.GetQuota.Status.Configs.Any(c => c.Role == "analytics"), Is.False);
    }

    [TestCase("""{"role":"bad role","weight":1}""", "Invalid role 'bad role'")]
    [TestCase("""{"role":"zero","weight":0}""", "for role 'zero': Invalid weight '0': Weights must be positive")]
    [TestCase("""{"role":"negative","weight":-2}""", "Weights must be positive")]
    public async Task Update_weights_with_bad_input_is_refused_with_400_and_the_reason(string weightInfo, string reason)
    {
        var (status, body) = await PostAsync($$$"""{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{{{weightInfo}}}]}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
    }

    [TestCase("""{"role":"..","limits":{"cpus":{"value":1}}}""", "Invalid 'QuotaConfig.role'")]
    [TestCase("""{"role":"q","guarantees":{"cpus":{"value":-1}}}""", "Invalid guarantee configuration {'cpus': -1}: Negative values not supported")]
    [TestCase("""{"role":"q","limits":{"mem":{"value":"NaN"}}}""", "Invalid limit configuration {'mem': NaN}: NaN not supported")]
    [TestCase("""{"role":"q","limits":{"mem":{"value":"Infinity"}}}""", "values greater than 1 exabyte")]
    [TestCase("""{"role":"q","guarantees":{"cpus":{"value":2}},"limits":{"cpus":{"value":1}}}""", "'QuotaConfig.guarantees' cpus:2 is not contained within the 'QuotaConfig.limits' cpus:1")]
    [TestCase("""{"role":"q","guarantees":{"cpus":{"value":64}}}""", "exceed cluster capacity")]
    public async Task Update_quota_with_bad_input_is_refused_with_400_and_the_reason(string config, string reason)
    {
        var (status, body) = await PostAsync($$$"""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{{{config}}}]}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(reason));
        var quota = await CallAsync("""{"type":"GET_QUOTA"}""");
        Assert.That(quota.GetQuota.Status.Configs.Any(c => c.Role == "q"), Is.False, "a refused update changes nothing");
    }

    [Test]
    public async Task Force_lets_guarantees_exceed_the_cluster()
    {
        var (status, body) = await PostAsync("""
            {"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"forced","guarantees":{"cpus":{"value":64}}}]}}
            """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);

        (status, body) = await PostAsync("""{"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"forced"}]}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
    }

    private async Task<Response> CallAsync(string json)
    {
        using var response = await Http.SendAsync(OperatorRequests.Post(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return MesosJson.Parse<Response>(body);
    }

    private Task<(HttpStatusCode Status, string Body)> PostAsync(string json) => Http.PostJsonAsync(json);
}
