using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

/// <summary>A fork bomb in a real container with a pids limit (needs root and Cgroups).</summary>
[TestFixture]
[NonParallelizable]
public sealed class PidsLimitTests() : RealContainerizerFixture("pids-limit-tests-")
{
    private const int Limit = 32;

    // The inner shell forks sleepers until the kernel refuses one (dash then gives up); the outer shell stays to be killed.
    private const string ForkBomb =
        "sh -c 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; wait'; echo bomb-ended-$?; exec sleep 60";

    [Test]
    public async Task A_fork_bomb_cannot_exceed_the_limit_and_dies_with_its_container()
    {
        var spec = new ContainerLaunchSpec
        {
            ContainerId = "pids-" + Guid.NewGuid().ToString("N"),
            FrameworkId = "framework-1",
            TaskId = "fork-bomb",
            Shell = ForkBomb,
            SandboxDirectory = Path.Combine(WorkDirectory, "sandbox"),
            Cpus = 0.5,
            MemoryMegabytes = 64,
            Pids = Limit,
        };
        var container = await Containerizer.LaunchAsync(spec);
        var pidsDirectory = PidsDirectory(spec.ContainerId);

        var peak = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!(File.Exists(spec.StdoutPath) && File.ReadAllText(spec.StdoutPath).Contains("bomb-ended")))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the fork bomb did not hit the limit in time");
            peak = Math.Max(peak, ReadLong(pidsDirectory, "pids.current"));
            await Task.Delay(10);
        }
        var survivors = Cgroups.Processes(spec.ContainerId);
        var usage = container.Usage();

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(pidsDirectory, "pids.max")).Trim(), Is.EqualTo(Limit.ToString()));
            Assert.That(peak, Is.LessThanOrEqualTo(Limit));
            Assert.That(ReadLong(pidsDirectory, "pids.current"), Is.InRange(Limit - 5, Limit));
            Assert.That(File.ReadAllText(Path.Combine(pidsDirectory, "pids.events")), Does.Match(@"max [1-9]"));
            Assert.That(File.ReadAllText(spec.StderrPath), Does.Contain("Cannot fork").Or.Contain("Resource temporarily unavailable"));
            Assert.That(survivors, Has.Count.InRange(Limit - 5, Limit));
            Assert.That(usage.ProcessCount, Is.InRange(Limit - 5, Limit));
        });

        await container.KillAsync(TimeSpan.FromSeconds(1));
        var finished = await Task.WhenAny(container.Termination, Task.Delay(TimeSpan.FromSeconds(15)));
        var killDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (survivors.Any(IsAlive) && DateTime.UtcNow < killDeadline)
            await Task.Delay(20);

        Assert.Multiple(() =>
        {
            Assert.That(finished, Is.SameAs(container.Termination), "the container did not end after the kill");
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
            Assert.That(survivors.Where(IsAlive), Is.Empty);
            Assert.That(Containerizer.Running, Is.Empty);
        });
    }

    private string PidsDirectory(string containerId) => Cgroups switch
    {
        CgroupsV1 v1 => v1.ContainerDirectory("pids", containerId) ?? throw new InconclusiveException("No v1 pids hierarchy is mounted."),
        CgroupsV2 v2 => v2.ContainerDirectory(containerId),
        _ => throw new InvalidOperationException("Unknown Cgroups " + Cgroups.Version),
    };

    /// <summary>Whether the process runs; a zombie waiting for its new parent to reap it has died.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static long ReadLong(string directory, string file) => long.Parse(File.ReadAllText(Path.Combine(directory, file)).Trim());
}
