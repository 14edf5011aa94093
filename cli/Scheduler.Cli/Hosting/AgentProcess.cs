using Akka.Actor;
using NLog;
using Scheduler.Agent;
using Scheduler.Agent.Containers;
using Spectre.Console;

namespace Scheduler.Cli.Hosting;

/// <summary>
/// The life of a <c>sched agent</c> process. A cluster node cut off from the masters long enough is downed (by the
/// masters, or by itself when it hears none of them) and can never join again; the agent then starts a new node in the same process, which joins
/// through any master that answers, recovers the agent's checkpoint (its id, its tasks) with the same containerizer
/// and so the same running containers, and re-registers, as Mesos's agent does after a partition heals.
/// </summary>
public static class AgentProcess
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan SeedRetry = TimeSpan.FromSeconds(1);

    /// <summary>The exit code of an agent whose registration the master refused.</summary>
    public const int RefusedExitCode = 1;

    /// <summary>Runs until the process is asked to stop or the master shuts the agent down; returns the exit code.</summary>
    /// <param name="findSeed">The cluster address of a master that answers, or an exception while none does.</param>
    public static async Task<int> RunAsync(NodeOptions node, AgentSettings settings, Func<CancellationToken, Task<string>> findSeed,
        CancellationToken cancel)
    {
        var stop = ShutdownSignal.WaitAsync(cancel);
        var containers = await AgentContainerizers.CreateAsync(settings);
        while (true)
        {
            await using (var cluster = await ClusterNode.StartAsync(node, null, settings, containers))
            {
                AnsiConsole.MarkupLine($"Agent on [bold]http://{settings.Hostname}:{settings.HttpPort}[/] offering " +
                    $"[bold]{Markup.Escape(cluster.Agent!.Resources.ToString())}[/]");
                var ended = await Task.WhenAny(stop, cluster.System.WhenTerminated, cluster.Agent.ShutDownByMaster,
                    cluster.Agent.RegistrationRefused);
                if (ended == cluster.Agent.RegistrationRefused)
                {
                    // As Mesos's agent whose master refuses its authentication: exit with failure, no retrying.
                    await Console.Error.WriteLineAsync($"error: {cluster.Agent.RegistrationRefused.Result}");
                    return RefusedExitCode;
                }
                if (ended == cluster.Agent.ShutDownByMaster)
                {
                    // Mesos's agent exits successfully when its master shuts it down.
                    AnsiConsole.MarkupLine($"Agent shut down by the master: {Markup.Escape(cluster.Agent.ShutDownByMaster.Result)}");
                    return 0;
                }
                if (ended == stop || !WasDowned(CoordinatedShutdown.Get(cluster.System).ShutdownReason)) return 0;
            }
            Log.Warn("The cluster downed this agent's node (cut off from the masters); joining again with the agent's tasks");
            if (await SeedAsync(findSeed, stop, cancel) is not { } seed) return 0;
            node = node with { SeedNodes = [seed] };
        }
    }

    /// <summary>Whether the node's actor system ended because the cluster downed it, rather than being asked to stop.</summary>
    public static bool WasDowned(CoordinatedShutdown.Reason? reason) => reason is CoordinatedShutdown.ClusterDowningReason;

    private static async Task<string?> SeedAsync(Func<CancellationToken, Task<string>> findSeed, Task stop, CancellationToken cancel)
    {
        while (!stop.IsCompleted)
        {
            try
            {
                return await findSeed(cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                Log.Info("No master answers yet ({0}); retrying", e.Message);
            }
            await Task.WhenAny(stop, Task.Delay(SeedRetry, CancellationToken.None));
        }
        return null;
    }
}
