using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.Agent.Http;
using Scheduler.Security.Authentication;
using Scheduler.Testing.Http;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Http;

/// <summary>
/// The agent's HTTP server on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens
/// on <c>/files/read</c>; <c>/monitor/statistics</c> is closed too, the health checks stay open.
/// </summary>
[TestFixture]
public sealed class AgentHttpAuthenticationTests : ApiAuthenticationTests
{
    private Uri address = null!;

    protected override string ListPath => "files/read?path=frameworks/f1/tasks/t1/stdout";

    protected override string ListField => "data";

    protected override string Submission => "{}";

    protected override async Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication)
    {
        var workDirectory = Directory.CreateTempSubdirectory("agent-http-authentication-tests-");
        var sandbox = Path.Combine(workDirectory.FullName, "frameworks", "f1", "tasks", "t1");
        Directory.CreateDirectory(sandbox);
        await File.WriteAllTextAsync(Path.Combine(sandbox, "stdout"), "hello\n");
        var server = await AgentHttpServer.StartAsync(
            new AgentSettings { WorkDirectory = workDirectory.FullName, HttpPort = 0, Authentication = authentication });
        address = server.Address;
        return (server.Then(new DeletedOnDispose(workDirectory)), server.Address);
    }

    [Test]
    public async Task Monitor_statistics_without_credentials_is_401_and_with_them_200()
    {
        using var http = new HttpClient { BaseAddress = address };
        using var refused = await http.GetAsync("monitor/statistics");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EquivalentTo(new[] { "Basic", "Bearer" }));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));
        using var answered = await http.GetAsync("monitor/statistics");
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await answered.Content.ReadAsStringAsync(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task Mesos_health_path_stays_open()
    {
        using var http = new HttpClient { BaseAddress = address };
        using var response = await http.GetAsync("slave(1)/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private sealed class DeletedOnDispose(DirectoryInfo directory) : IDisposable
    {
        public void Dispose() => directory.Delete(recursive: true);
    }
}
