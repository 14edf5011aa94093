using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;
using NLog.Extensions.Logging;
using Scheduler.Agent;
using Scheduler.Agent.Containers;
using Scheduler.Master;
using Scheduler.Master.Leadership;

namespace Scheduler.Cli.Hosting;

/// <summary>One process's part of the cluster: an actor system carrying a master, an agent, or both.</summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private ClusterNode(ActorSystem system) => System = system;

    public ActorSystem System { get; }
    public MasterNode? Master { get; private set; }
    public AgentNode? Agent { get; private set; }
    public string ClusterAddress => Cluster.Get(System).SelfAddress.ToString();

    /// <param name="containerizer">The agent's containerizer; a node that rejoins the cluster passes the one its running containers belong to.</param>
    public static async Task<ClusterNode> StartAsync(NodeOptions options, MasterSettings? master, AgentSettings? agent,
        IContainerizer? containerizer = null)
    {
        var roles = new List<string>();
        if (master is not null)
        {
            roles.Add(MasterNode.Role);
            roles.Add(LeaderElection.HttpRole(master.Hostname, master.HttpPort));
        }
        if (agent is not null) roles.Add(AgentNode.Role);
        var config = NodeConfig.Build(options with { Roles = roles });
        var system = options.Tls is { } tls
            ? ActorSystem.Create(NodeOptions.SystemName, BootstrapSetup.Create().WithConfig(config).And(tls.ToSslSetup()))
            : ActorSystem.Create(NodeOptions.SystemName, config);
        var node = new ClusterNode(system);
        var cluster = Cluster.Get(system);
        var seeds = options.SeedNodes.Count > 0 ? options.SeedNodes.Select(Address.Parse).ToList() : [cluster.SelfAddress];
        await cluster.JoinSeedNodesAsync(seeds);

        Action<ILoggingBuilder> logging = builder => builder.AddNLog();
        if (master is not null)
            node.Master = await MasterNode.StartAsync(system, master with { ClusterAddress = node.ClusterAddress }, logging);
        if (agent is not null)
            node.Agent = await AgentNode.StartAsync(system, agent, containerizer, logging);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null) await Agent.DisposeAsync();
        if (Master is not null) await Master.DisposeAsync();
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}
