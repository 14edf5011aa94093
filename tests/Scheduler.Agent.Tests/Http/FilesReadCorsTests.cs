using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Scheduler.Agent.Http;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Http;

/// <summary>
/// <c>/files/read</c> lets any origin read it, because the master's web UI (another origin) follows sandboxes
/// straight from the agents.
/// </summary>
[TestFixture]
public sealed class FilesReadCorsTests
{
    [Test]
    public async Task A_read_from_another_origin_is_allowed_and_returns_the_data_from_the_offset()
    {
        var workDirectory = Directory.CreateTempSubdirectory("files-read-cors-tests-").FullName;
        try
        {
            var sandbox = Path.Combine(workDirectory, "frameworks", "f1", "tasks", "t1");
            Directory.CreateDirectory(sandbox);
            await File.WriteAllTextAsync(Path.Combine(sandbox, "stdout"), "hello-from-sandbox\n");
            await using var server = await AgentHttpServer.StartAsync(new AgentSettings { WorkDirectory = workDirectory, HttpPort = 0 });
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get,
                new Uri(server.Address, "/files/read?path=frameworks/f1/tasks/t1/stdout&offset=6&length=100"));
            request.Headers.Add("Origin", "http://127.0.0.1:5050");

            using var response = await http.SendAsync(request);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
            var json = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.That(json!["data"]!.GetValue<string>(), Is.EqualTo("from-sandbox\n"));
            Assert.That(json["offset"]!.GetValue<long>(), Is.EqualTo(6));
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }
}
