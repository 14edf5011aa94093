using System.Globalization;
using Scheduler.Agent.Docker;

namespace Scheduler.Benchmarks;

/// <summary>
/// <c>docker [--containers N]</c>: after a warm-up, runs N containers directly through Docker.DotNet and N through the
/// agent's containerizer, alternating; prints the tasks per second of each and the agent's overhead per task.
/// The engine is <c>$SCHED_DOCKER_SOCKET</c>, else the system's, else the project's (scripts/docker-engine.sh).
/// </summary>
public static class DockerBenchmarkCommand
{
    public const string Image = "local/busybox:1";
    private const int WarmUpContainers = 5;

    public static async Task<int> RunAsync(int containers, TextWriter output)
    {
        var socket = DockerEngine.DefaultSocket();
        if (!DockerEngine.SocketExists(socket))
        {
            await output.WriteLineAsync($"No Docker engine socket at {socket}; start one with scripts/docker-engine.sh start");
            return 1;
        }

        using var benchmark = new DockerContainersBenchmark(socket, Image);
        await benchmark.RunAsync(WarmUpContainers);
        var (direct, agent) = await benchmark.RunAsync(containers);
        var directMs = direct.TotalMilliseconds / containers;
        var agentMs = agent.TotalMilliseconds / containers;
        await output.WriteLineAsync(Invariant($"docker direct containers={containers} ms_per_task={directMs:F1} tasks_per_s={1000 / directMs:F2}"));
        await output.WriteLineAsync(Invariant($"docker agent containers={containers} ms_per_task={agentMs:F1} tasks_per_s={1000 / agentMs:F2}"));
        await output.WriteLineAsync(Invariant($"docker overhead_ms_per_task={agentMs - directMs:F1} overhead_pct={100 * (agentMs - directMs) / directMs:F1}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
