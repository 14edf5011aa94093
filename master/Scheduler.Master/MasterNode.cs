using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Microsoft.Extensions.Logging;
using Scheduler.Master.Actors;
using Scheduler.Master.Http;
using Scheduler.Master.Leadership;
using Scheduler.Master.Metrics;

namespace Scheduler.Master;

/// <summary>
/// A master node: the leading master as a cluster singleton on role <c>master</c>, a proxy that
/// reaches whichever node leads, and the HTTP server.
/// </summary>
public sealed class MasterNode : IAsyncDisposable
{
    public const string Role = "master";
    public const string SingletonName = "master";

    private MasterNode(IActorRef proxy, MasterHttpServer http, LeaderDirectory leader)
    {
        Master = proxy;
        Http = http;
        Leader = leader;
    }

    public IActorRef Master { get; }
    public MasterHttpServer Http { get; }

    /// <summary>Whether this node leads, or where the leader's HTTP server is; standbys redirect there.</summary>
    public LeaderDirectory Leader { get; }

    public static async Task<MasterNode> StartAsync(ActorSystem system, MasterSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        settings = settings.Metrics is null ? settings with { Metrics = new MasterMetrics() } : settings;
        system.ActorOf(ClusterSingletonManager.Props(
            MasterActor.Props(settings),
            PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(Role)), SingletonName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{SingletonName}",
            ClusterSingletonProxySettings.Create(system).WithRole(Role)), $"{SingletonName}-proxy");
        var leader = new LeaderDirectory(LeaderTracker.Snapshot(Cluster.Get(system)));
        system.ActorOf(LeaderTracker.Props(leader), "master-leader-tracker");
        var http = await MasterHttpServer.StartAsync(system, proxy, settings, logging, leader);
        return new MasterNode(proxy, http, leader);
    }

    public ValueTask DisposeAsync() => Http.DisposeAsync();
}
