using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Microsoft.Extensions.Logging;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Host;
using Scheduler.Agent.Http;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Agent;

/// <summary>An agent node: the agent actor, reaching the leading master through the singleton proxy, and its HTTP server.</summary>
public sealed class AgentNode : IAsyncDisposable
{
    public const string Role = "agent";

    private static readonly TimeSpan StatisticsTimeout = TimeSpan.FromSeconds(10);

    private AgentNode(IActorRef agent, AgentHttpServer http, ResourceSet resources, Task<string> shutDownByMaster,
        Task<string> registrationRefused)
    {
        Agent = agent;
        Http = http;
        Resources = resources;
        ShutDownByMaster = shutDownByMaster;
        RegistrationRefused = registrationRefused;
    }

    public IActorRef Agent { get; }
    public AgentHttpServer Http { get; }
    public ResourceSet Resources { get; }

    /// <summary>Completes with the master's reason once the agent, told to shut down (marked gone), killed its tasks and stopped.</summary>
    public Task<string> ShutDownByMaster { get; }

    /// <summary>Completes with the master's reason if it refuses the agent's registration (e.g. a wrong cluster secret).</summary>
    public Task<string> RegistrationRefused { get; }

    public static async Task<AgentNode> StartAsync(ActorSystem system, AgentSettings settings,
        IContainerizer? containerizer = null, Action<ILoggingBuilder>? logging = null)
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var resources = ResourceSet.Parse(HostResourceDetector.DetectText(settings.WorkDirectory, settings.Resources));
        var containers = containerizer ?? await AgentContainerizers.CreateAsync(settings);
        await containers.CleanupOrphansAsync();
        IActorRef? agent = null;
        var http = await AgentHttpServer.StartAsync(settings, logging, async cancellation => agent is null
            ? []
            : await agent.Ask<IReadOnlyList<MonitoredContainer>>(GetMonitoredContainers.Instance, StatisticsTimeout, cancellation));
        var info = new AgentInfo { Hostname = settings.Hostname, Port = http.Address.Port };
        info.Resources.AddRange(resources.ToProto());
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/master",
            ClusterSingletonProxySettings.Create(system).WithRole("master")), "master-proxy-for-agent");
        var shutDown = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent = system.ActorOf(AgentActor.Props(settings, info, proxy, containers, message => shutDown.TrySetResult(message),
            message => refused.TrySetResult(message)), "agent");
        return new AgentNode(agent, http, resources, shutDown.Task, refused.Task);
    }

    public async ValueTask DisposeAsync() => await Http.DisposeAsync();
}
