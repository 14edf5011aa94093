using Scheduler.Master.Security.Cluster;
using Scheduler.Protocol.Security;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Integration.Tests;

/// <summary>A master with a cluster secret over real Akka.Remote: agents holding it register and run tasks, others are refused.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterSecretTests
{
    private static readonly ClusterSecret Secret = new("the cluster's shared secret, 32b"u8);
    private SecuredCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartMaster()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        _cluster = await SecuredCluster.StartAsync(Secret, tls: null);
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task An_agent_without_the_secret_is_told_why_and_the_master_keeps_no_trace_of_it()
    {
        var agent = await _cluster.AddAgentAsync(secret: null, tls: null);

        var reason = await agent.Agent!.RegistrationRefused.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(reason, Is.EqualTo(AgentRegistrationAuthenticator.MissingProof));
        Assert.That(await _cluster.AgentsAsync(), Is.Empty);
    }

    [Test, Order(2)]
    public async Task An_agent_with_a_wrong_secret_is_refused_as_holding_an_invalid_cluster_secret()
    {
        var agent = await _cluster.AddAgentAsync(new ClusterSecret("a guess at the cluster's secret!"u8), tls: null);

        var reason = await agent.Agent!.RegistrationRefused.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(reason, Is.EqualTo("Agent registration refused: invalid cluster secret"));
        Assert.That(await _cluster.AgentsAsync(), Is.Empty);
    }

    [Test, Order(3)]
    public async Task An_agent_with_the_secret_registers_and_runs_a_task()
    {
        var agent = await _cluster.AddAgentAsync(Secret, tls: null);

        await _cluster.WaitForAgentsAsync(1);
        var status = await _cluster.RunAsync("echo hello");

        Assert.That(status.State, Is.EqualTo(TaskState.TaskFinished), status.Message);
        Assert.That(agent.Agent!.RegistrationRefused.IsCompleted, Is.False);
        Assert.That((await _cluster.AgentsAsync()).Count, Is.EqualTo(1), "the refused agents stay out");
    }
}
