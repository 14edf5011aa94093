using System.Globalization;
using Scheduler.Agent.Containers;

namespace Scheduler.Benchmarks;

/// <summary>
/// <c>tasks [--tasks N] [--work-dir DIR]</c>: issue 4's agent benchmark, N small tasks launched on and destroyed by one
/// agent (see <see cref="AgentLaunchBenchmark"/>) whose work directory is made under DIR (the temporary directory by
/// default); needs root and cgroups. The last line is
/// <c>tasks launched=N launch_ms=… destroy_ms=…</c>.
/// </summary>
public static class TasksBenchmarkCommand
{
    public static async Task<int> RunAsync(int tasks, string? workDirectoryParent, TextWriter output)
    {
        if (Environment.UserName != "root" || CgroupsDetector.Detect() is null)
        {
            await output.WriteLineAsync($"The tasks benchmark makes cgroups: run it as root on a host with cgroups at {CgroupsDetector.DefaultRoot}.");
            return 1;
        }

        using var benchmark = new AgentLaunchBenchmark(tasks, workDirectoryParent);
        var result = await benchmark.RunAsync();
        await output.WriteLineAsync(Invariant(
            $"half of the tasks running after {result.HalfLaunched.TotalMilliseconds:F0} ms, killed after {result.HalfDestroyed.TotalMilliseconds:F0} ms"));
        await output.WriteLineAsync(Invariant(
            $"tasks launched={result.Tasks} launch_ms={result.Launch.TotalMilliseconds:F0} destroy_ms={result.Destroy.TotalMilliseconds:F0}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
