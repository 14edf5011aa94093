using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Scheduler.Agent;
using Scheduler.Cli.Hosting;
using Scheduler.Framework;
using Scheduler.Master;
using Scheduler.Protocol.Security;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A master on loopback with a cluster secret and/or TLS, to which tests add agents with the same or other
/// settings, each its own ActorSystem over Akka.Remote.
/// </summary>
public sealed class SecuredCluster : IAsyncDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1024;ports:[31000-32000]";
    private readonly List<ClusterNode> _agents = [];

    private SecuredCluster(string directory, ClusterNode master)
    {
        Directory = directory;
        Master = master;
    }

    public string Directory { get; }
    public ClusterNode Master { get; }
    public Uri MasterUri => Master.Master!.Http.Address;

    public static async Task<SecuredCluster> StartAsync(ClusterSecret? secret, ClusterTls? tls)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sched-sec-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var master = await ClusterNode.StartAsync(
            new NodeOptions { Roles = [], ClusterPort = 0, RegistryPath = Path.Combine(directory, "registry.db"), Tls = tls },
            new MasterSettings { HttpPort = 0, AllocationInterval = TimeSpan.FromMilliseconds(200), ClusterSecret = secret }, null);
        return new SecuredCluster(directory, master);
    }

    /// <summary>Starts an agent node joining the master; it is stopped with the cluster.</summary>
    public async Task<ClusterNode> AddAgentAsync(ClusterSecret? secret, ClusterTls? tls)
    {
        var agent = await ClusterNode.StartAsync(
            new NodeOptions { Roles = [], ClusterPort = 0, SeedNodes = [Master.ClusterAddress], Tls = tls },
            null, new AgentSettings
            {
                WorkDirectory = Path.Combine(Directory, $"agent-{_agents.Count}"), HttpPort = 0, Resources = Resources, ClusterSecret = secret,
            });
        _agents.Add(agent);
        return agent;
    }

    public async Task<JsonArray> AgentsAsync()
    {
        using var http = new HttpClient();
        var state = await http.GetFromJsonAsync<JsonObject>(new Uri(MasterUri, "/master/state"));
        return state!["slaves"]!.AsArray();
    }

    public async Task WaitForAgentsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await AgentsAsync()).Count >= count) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{count} agent(s) did not register within 30 s");
    }

    /// <summary>Runs one shell command through a framework on the cluster and returns its terminal status.</summary>
    public async Task<TaskStatus> RunAsync(string command)
    {
        var scheduler = new LaunchingScheduler(command, "cpus:0.1;mem:32");
        var framework = new FrameworkInfo { Name = "secured", User = "root", FailoverTimeout = 60 };
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = MasterUri, FrameworkInfo = framework });
        await driver.StartAsync();
        var status = await scheduler.Terminal.WaitAsync(TimeSpan.FromSeconds(30));
        await driver.TeardownAsync();
        return status;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 with its key, exported to a password-protected PKCS#12 file.</summary>
    public static string WriteSelfSignedPfx(string directory, string subject, string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(directory, $"{subject}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents) await agent.DisposeAsync();
        await Master.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
