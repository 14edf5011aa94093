using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Scheduler.Agent;
using Scheduler.Cli.Hosting;
using Scheduler.Master;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A real cluster on loopback: a master and an agent, each its own ActorSystem joined over Akka.Remote,
/// with the master's registry in a SQLite file and both HTTP servers on free ports.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(string directory, ClusterNode master, ClusterNode agent)
    {
        Directory = directory;
        MasterNode = master;
        AgentNode = agent;
    }

    public string Directory { get; }
    public ClusterNode MasterNode { get; }
    public ClusterNode AgentNode { get; }
    public Uri MasterUri => MasterNode.Master!.Http.Address;
    public Uri AgentUri => AgentNode.Agent!.Http.Address;
    public string AgentWorkDirectory => Path.Combine(Directory, "agent");

    public static async Task<TestCluster> StartAsync(string resources = "cpus:2;mem:1024;disk:1024;ports:[31000-32000]")
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sched-it-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var master = await ClusterNode.StartAsync(
            new NodeOptions { Roles = [], ClusterPort = 0, RegistryPath = Path.Combine(directory, "registry.db") },
            new MasterSettings { HttpPort = 0, AllocationInterval = TimeSpan.FromMilliseconds(200) }, null);
        var agent = await ClusterNode.StartAsync(
            new NodeOptions { Roles = [], ClusterPort = 0, SeedNodes = [master.ClusterAddress] },
            null, new AgentSettings { WorkDirectory = Path.Combine(directory, "agent"), HttpPort = 0, Resources = resources });
        var cluster = new TestCluster(directory, master, agent);
        await cluster.WaitForAgentsAsync(1);
        return cluster;
    }

    public async Task<JsonObject> StateAsync()
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<JsonObject>(new Uri(MasterUri, "/master/state")))!;
    }

    public async Task WaitForAgentsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var state = await StateAsync();
                if (state["slaves"]!.AsArray().Count >= count) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{count} agent(s) did not register within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        await AgentNode.DisposeAsync();
        await MasterNode.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
