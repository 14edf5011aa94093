using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster;
using Scheduler.Cli.Hosting;
using Scheduler.Protocol.V1;
using Address = Akka.Actor.Address;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A master and an agent whose Akka.Remote traffic goes over mutual TLS with one self-signed certificate, pinned:
/// they form a cluster and run a task; a node without TLS, or with another certificate, never becomes a member.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterTlsTests
{
    private static readonly TimeSpan JoinWait = TimeSpan.FromSeconds(5);
    private const string Password = "pfx-password";
    private string _directory = null!;
    private ClusterTls _tls = null!;
    private SecuredCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartMaster()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        _directory = Directory.CreateTempSubdirectory("sched-tls-").FullName;
        _tls = Load(SecuredCluster.WriteSelfSignedPfx(_directory, "cluster", Password));
        _cluster = await SecuredCluster.StartAsync(secret: null, _tls);
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task A_master_and_an_agent_with_the_clusters_certificate_form_a_cluster_and_run_a_task()
    {
        await _cluster.AddAgentAsync(secret: null, _tls);

        await _cluster.WaitForAgentsAsync(1);
        var status = await _cluster.RunAsync("echo over tls");

        Assert.That(_cluster.Master.ClusterAddress, Does.StartWith($"{ClusterTls.AddressProtocol}://"));
        Assert.That(status.State, Is.EqualTo(TaskState.TaskFinished), status.Message);
    }

    [Test]
    public async Task A_node_without_tls_never_joins()
    {
        var plainSeed = _cluster.Master.ClusterAddress.Replace($"{ClusterTls.AddressProtocol}://", "akka.tcp://");

        await AssertNeverJoinsAsync(tls: null, plainSeed);
    }

    [Test]
    public async Task A_node_with_another_certificate_never_joins()
    {
        var stranger = Load(SecuredCluster.WriteSelfSignedPfx(_directory, "stranger", Password));

        await AssertNeverJoinsAsync(stranger, _cluster.Master.ClusterAddress);
    }

    private async Task AssertNeverJoinsAsync(ClusterTls? tls, string seed)
    {
        var options = new NodeOptions { Roles = ["agent"], ClusterPort = 0, SeedNodes = [seed], Tls = tls };
        var config = NodeConfig.Build(options);
        using var system = tls is null
            ? ActorSystem.Create(NodeOptions.SystemName, config)
            : ActorSystem.Create(NodeOptions.SystemName, BootstrapSetup.Create().WithConfig(config).And(tls.ToSslSetup()));
        try
        {
            var intruder = Cluster.Get(system);
            using var wait = new CancellationTokenSource(JoinWait);

            Assert.ThrowsAsync<ClusterJoinFailedException>(() => intruder.JoinSeedNodesAsync([Address.Parse(seed)], wait.Token));
            var members = Cluster.Get(_cluster.Master.System).State.Members.Select(m => m.Address);
            Assert.That(members, Does.Not.Contain(intruder.SelfAddress));
        }
        finally
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
    }

    private static ClusterTls Load(string pfx) =>
        new(X509CertificateLoader.LoadPkcs12FromFile(pfx, Password), ClusterTlsValidation.Pinned);
}
