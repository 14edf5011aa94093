using NLog;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent;

/// <summary>Builds the containerizers an agent's settings ask for.</summary>
public static class AgentContainerizers
{
    public const string Cgroups = "cgroups";
    public const string Docker = "docker";

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Names that are not containerizers, or null when all are known.</summary>
    public static string? Invalid(IEnumerable<string> names)
    {
        var unknown = names.Where(n => n is not (Cgroups or Docker)).ToList();
        return unknown.Count == 0 ? null : $"unknown containerizer(s) {string.Join(", ", unknown)}; use {Cgroups} and/or {Docker}";
    }

    /// <summary>
    /// The explicitly listed containerizers, each required to work; without a list, cgroups and, when its socket
    /// exists and the engine answers, Docker too.
    /// </summary>
    public static async Task<IContainerizer> CreateAsync(AgentSettings settings)
    {
        var socket = settings.DockerSocket ?? DockerEngine.DefaultSocket();
        var agentLabel = Path.GetFullPath(settings.WorkDirectory);
        if (settings.Containerizers is { } names)
        {
            if (Invalid(names) is { } error) throw new ArgumentException(error);
            var cgroups = names.Contains(Cgroups) ? CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(settings.WorkDirectory), settings.IsolationNamespaces) : null;
            DockerContainerizer? docker = null;
            if (names.Contains(Docker))
            {
                docker = await ConnectAsync(socket, agentLabel, settings)
                         ?? throw new InvalidOperationException($"No Docker engine answers on {socket}.");
            }
            return new RoutingContainerizer(cgroups, docker);
        }

        var detected = DockerEngine.SocketExists(socket) ? await ConnectAsync(socket, agentLabel, settings) : null;
        if (detected is null) Log.Info("No Docker engine on {0}; running tasks with cgroups only", socket);
        return new RoutingContainerizer(CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(settings.WorkDirectory), settings.IsolationNamespaces), detected);
    }

    private static async Task<DockerContainerizer?> ConnectAsync(string socket, string agentLabel, AgentSettings settings)
    {
        var client = DockerEngine.Connect(socket);
        try
        {
            using var timeout = new CancellationTokenSource(PingTimeout);
            await client.System.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.Warn("The Docker engine on {0} does not answer: {1}", socket, e.Message);
            client.Dispose();
            return null;
        }
        Log.Info("Running Docker tasks through the engine on {0}", socket);
        return new DockerContainerizer(client, agentLabel, settings.DockerPullTimeout);
    }
}
