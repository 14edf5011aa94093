using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Scheduler.Master;
using Scheduler.Protocol.Serialization;

namespace Scheduler.Master.Tests.Http;

/// <summary>A one-node cluster carrying a master, its registry in memory, its HTTP server on a free port.</summary>
public sealed class SingleMaster : IAsyncDisposable
{
    private SingleMaster(ActorSystem system, MasterNode node)
    {
        System = system;
        Node = node;
    }

    public ActorSystem System { get; }
    public MasterNode Node { get; }
    public Uri Uri => Node.Http.Address;

    public static async Task<SingleMaster> StartAsync(Func<MasterSettings, MasterSettings>? configure = null)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.cluster.roles = [master]
            akka.cluster.log-info = off
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            akka.loglevel = WARNING
            akka.coordinated-shutdown.exit-clr = off
            """).WithFallback(ProtocolSerialization.Config);
        var system = ActorSystem.Create("scheduler", config);
        var cluster = Cluster.Get(system);
        await cluster.JoinAsync(cluster.SelfAddress);
        var settings = new MasterSettings { HttpPort = 0, AllocationInterval = TimeSpan.FromMilliseconds(100) };
        var node = await MasterNode.StartAsync(system, configure?.Invoke(settings) ?? settings);
        return new SingleMaster(system, node);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await System.Terminate();
    }
}
