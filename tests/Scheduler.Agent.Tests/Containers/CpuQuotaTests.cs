using System.Globalization;
using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

/// <summary>The CFS quota is enforced, not only written: a busy loop with 0.1 cpus gets throttled (needs root and cgroups).</summary>
[TestFixture]
[NonParallelizable]
public sealed class CpuQuotaTests
{
    [Test]
    public async Task A_busy_loop_beyond_its_cpu_quota_is_throttled()
    {
        if (Environment.UserName != "root" || CgroupsDetector.Detect() is not { } cgroups)
        {
            Assert.Ignore("Needs root and cgroups to run a container; running as " + Environment.UserName);
            return;
        }
        var workDirectory = Directory.CreateTempSubdirectory("cpu-quota-tests-").FullName;
        var containerizer = new CgroupContainerizer(cgroups);
        var spec = new ContainerLaunchSpec
        {
            ContainerId = "test-" + Guid.NewGuid().ToString("N"),
            FrameworkId = "framework-1",
            TaskId = "busy",
            Shell = "while :; do :; done",
            SandboxDirectory = Path.Combine(workDirectory, "sandbox"),
            Cpus = 0.1,
            MemoryMegabytes = 32,
        };
        var container = await containerizer.LaunchAsync(spec);
        try
        {
            var cpuDirectory = cgroups is CgroupsV1 v1
                ? v1.ContainerDirectory("cpu", spec.ContainerId)!
                : Path.GetDirectoryName(cgroups.ProcessFiles(spec.ContainerId)[0])!;

            long throttled = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && (throttled = NrThrottled(cpuDirectory)) == 0)
                await Task.Delay(50);

            Assert.That(throttled, Is.GreaterThan(0), $"nr_throttled in {cpuDirectory}/cpu.stat");
        }
        finally
        {
            await container.KillAsync(TimeSpan.Zero);
            Directory.Delete(workDirectory, recursive: true);
        }
        Assert.That(cgroups.Exists(spec.ContainerId), Is.False, "its cgroups are gone");
    }

    private static long NrThrottled(string cpuDirectory) =>
        File.ReadAllLines(Path.Combine(cpuDirectory, "cpu.stat"))
            .Select(line => line.Split(' '))
            .Where(parts => parts is ["nr_throttled", _])
            .Select(parts => long.Parse(parts[1], CultureInfo.InvariantCulture))
            .Single();
}
