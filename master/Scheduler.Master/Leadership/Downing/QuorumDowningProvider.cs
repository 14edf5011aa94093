using Akka.Actor;
using Akka.Cluster;

namespace Scheduler.Master.Leadership.Downing;

/// <summary>
/// The cluster's downing provider (<c>akka.cluster.downing-provider-class</c>): <see cref="QuorumDowning"/> in place of
/// Akka's split-brain resolver, whose decisions count what agents observe and can down every master.
/// </summary>
public sealed class QuorumDowningProvider(ActorSystem system, Cluster cluster) : IDowningProvider
{
    private readonly QuorumDowningSettings _settings = QuorumDowningSettings.From(system.Settings.Config);

    public TimeSpan DownRemovalMargin => _settings.DownRemovalMargin;

    public Props DowningActorProps => QuorumDowningActor.Props(cluster, _settings);
}
