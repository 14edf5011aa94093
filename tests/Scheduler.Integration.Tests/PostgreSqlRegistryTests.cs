using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched master --registry-connection</c>: the registry in PostgreSQL, and a clear refusal of a server it cannot use.</summary>
[TestFixture]
public sealed class PostgreSqlRegistryTests() : ProcessClusterFixture("sched-postgres-", TimeSpan.FromSeconds(30))
{
    [Test]
    public async Task Weights_set_through_one_master_are_recovered_by_the_next_master_on_the_same_database()
    {
        var registry = await SharedRegistryAsync(RegistryStore.PostgreSql);
        var first = StartedMaster(registry, out var firstMaster);
        await EventuallyAsync(async () => await StateAsync(firstMaster) is not null, "the first master leads");
        using (var update = await Http.PostAsync(new Uri(firstMaster, "/api/v1"), new StringContent(
            """{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"web","weight":2.5}]}}""", Encoding.UTF8, "application/json")))
        {
            Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK), await update.Content.ReadAsStringAsync());
        }
        first.KillNine();

        StartedMaster(registry, out var nextMaster);
        await EventuallyAsync(async () => await WebWeightAsync(nextMaster) == 2.5, "the next master recovers the weight of role web");
        Assert.That(Directory.EnumerateFiles(ScratchDirectory, "registry.db", SearchOption.AllDirectories), Is.Empty,
            "no SQLite registry was written beside the PostgreSQL one");
    }

    [Test]
    public async Task A_master_whose_PostgreSQL_server_does_not_answer_exits_at_once_naming_the_option()
    {
        var nobody = $"Host=127.0.0.1;Port={RunningSchedProcess.FreePort()};Database=sched;Username=sched;Password=sched";
        var elapsed = Stopwatch.StartNew();
        var result = await SchedProcess.RunAsync("master", "--registry-connection", nobody, "--data-dir", Path.Combine(ScratchDirectory, "master"),
            "--port", RunningSchedProcess.FreePort().ToString(), "--cluster-port", RunningSchedProcess.FreePort().ToString());

        Assert.That(result.ExitCode, Is.Not.Zero, result.Stdout + result.Stderr);
        Assert.That(result.Stderr, Does.Contain("--registry-connection").And.Contain("refused"));
        Assert.That(result.Stderr, Does.Not.Contain(" at Npgsql."), "no stack trace");
        Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public async Task A_master_given_something_else_than_a_connection_string_exits_naming_the_option()
    {
        var result = await SchedProcess.RunAsync("master", "--registry-connection", "127.0.0.1:5432", "--data-dir", Path.Combine(ScratchDirectory, "master"));

        Assert.That(result.ExitCode, Is.Not.Zero, result.Stdout + result.Stderr);
        Assert.That(result.Stderr, Does.Contain("--registry-connection: not a PostgreSQL connection string"));
    }

    private RunningSchedProcess StartedMaster(string[] registry, out Uri master)
    {
        var port = RunningSchedProcess.FreePort();
        master = new Uri($"http://127.0.0.1:{port}/");
        return Started(["master", .. registry, "--port", port.ToString(), "--cluster-port", RunningSchedProcess.FreePort().ToString()]);
    }

    private async Task<double?> WebWeightAsync(Uri master)
    {
        try
        {
            var weights = JsonNode.Parse(await Http.GetStringAsync(new Uri(master, "/master/weights")))!.AsArray();
            return weights.FirstOrDefault(weight => weight!["role"]!.GetValue<string>() == "web")?["weight"]!.GetValue<double>();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
