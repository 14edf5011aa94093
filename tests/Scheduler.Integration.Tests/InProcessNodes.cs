using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Scheduler.Cli.Hosting;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Cluster nodes as actor systems in the test process, configured as <c>sched</c> configures them and joined over
/// Akka.Remote on loopback.
/// </summary>
public sealed class InProcessNodes
{
    private readonly List<ActorSystem> _systems = [];

    /// <param name="role">The node's cluster role.</param>
    /// <param name="seed">The cluster address to join, or null for the first node.</param>
    /// <param name="extraConfig">HOCON that wins over the generated settings.</param>
    public async Task<ActorSystem> StartAsync(string role, string? seed, string extraConfig = "")
    {
        var options = new NodeOptions { Roles = [role], ClusterPort = 0, SeedNodes = seed is null ? [] : [seed] };
        var system = ActorSystem.Create(NodeOptions.SystemName,
            ConfigurationFactory.ParseString(extraConfig).WithFallback(NodeConfig.Build(options)));
        _systems.Add(system);
        var cluster = Cluster.Get(system);
        await cluster.JoinSeedNodesAsync(seed is null ? [cluster.SelfAddress] : [Address.Parse(seed)]);
        return system;
    }

    public async Task StopAllAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate()));
        _systems.Clear();
    }
}
