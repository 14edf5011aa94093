using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

/// <summary>Runs real processes in real cgroups; needs root and a cgroup v1 or v2 mount.</summary>
[TestFixture]
[NonParallelizable]
public sealed class CgroupContainerizerTests() : RealContainerizerFixture("containerizer-tests-")
{
    private const long Megabyte = 1024 * 1024;

    [Test]
    public async Task EchoWritesToSandboxStdoutAndExitsZero()
    {
        var spec = ShellSpec("echo hello; echo oops >&2");

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        Assert.Multiple(() =>
        {
            Assert.That(termination.ExitCode, Is.EqualTo(0));
            Assert.That(termination.Signal, Is.Null);
            Assert.That(termination.OomKilled, Is.False);
            Assert.That(termination.Message, Is.EqualTo("Command exited with status 0"));
            Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("hello\n"));
            Assert.That(File.ReadAllText(spec.StderrPath), Is.EqualTo("oops\n"));
        });
    }

    [Test]
    public async Task NonZeroExitCodeIsReported()
    {
        var termination = await WaitForTermination(await Containerizer.LaunchAsync(ShellSpec("exit 3")));

        Assert.That(termination, Is.EqualTo(ContainerTermination.Exited(3)));
        Assert.That(termination.Message, Is.EqualTo("Command exited with status 3"));
    }

    [Test]
    public async Task ExitStatusOfSignalNumberIsNotMistakenForASignal()
    {
        var termination = await WaitForTermination(await Containerizer.LaunchAsync(ShellSpec("exit 137")));

        Assert.That(termination.ExitCode, Is.EqualTo(137));
        Assert.That(termination.Signal, Is.Null);
    }

    [Test]
    public async Task ExceedingTheMemoryLimitIsReportedAsOom()
    {
        // Run directly rather than through a shell, so the OOM killer's SIGKILL hits the container's main process.
        var spec = ShellSpec("unused", memoryMegabytes: 32) with
        {
            Shell = null, Executable = "dd", Arguments = ["if=/dev/zero", "of=/dev/null", "bs=200M", "count=1"],
        };

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        Assert.Multiple(() =>
        {
            Assert.That(termination.OomKilled, Is.True);
            Assert.That(termination.Signal, Is.EqualTo(9), termination.Message);
            Assert.That(termination.Message, Does.StartWith("Memory limit exceeded: Requested: 32MB Maximum Used: "));
            Assert.That(File.ReadAllText(spec.StderrPath), Does.Not.Contain("records out"), "dd completed");
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
        });
    }

    [Test]
    public async Task OomOfAShellCommandIsReportedEvenThoughTheShellItselfExits()
    {
        var spec = ShellSpec("dd if=/dev/zero of=/dev/null bs=200M count=1; echo survived", memoryMegabytes: 32);

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        Assert.Multiple(() =>
        {
            Assert.That(termination.OomKilled, Is.True);
            Assert.That(termination.Message, Does.StartWith("Memory limit exceeded: Requested: 32MB"));
        });
    }

    [Test]
    public async Task ProcessRunsInsideItsLimitedCgroupsAndGracefulKillRemovesThem()
    {
        var spec = ShellSpec("exec sleep 60", memoryMegabytes: 64, cpus: 0.5) with { Pids = 10 };
        var container = await Containerizer.LaunchAsync(spec);

        await WaitUntil(() => File.ReadAllText($"/proc/{container.Pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal));
        var membership = File.ReadAllText($"/proc/{container.Pid}/cgroup");
        var usage = container.Usage();
        Assert.Multiple(() =>
        {
            Assert.That(membership, Does.Contain($"/scheduler/{spec.ContainerId}"));
            Assert.That(Cgroups.Processes(spec.ContainerId), Is.EqualTo(new[] { container.Pid }));
            Assert.That(usage.MemoryLimitBytes, Is.EqualTo(64 * Megabyte));
            Assert.That(usage.ProcessCount, Is.EqualTo(1));
        });
        if (Cgroups is CgroupsV1 v1)
        {
            Assert.Multiple(() =>
            {
                Assert.That(membership, Does.Contain($"memory:/scheduler/{spec.ContainerId}"));
                Assert.That(ReadV1(v1, "memory", spec.ContainerId, "memory.limit_in_bytes"), Is.EqualTo((64 * Megabyte).ToString()));
                Assert.That(ReadV1(v1, "cpu", spec.ContainerId, "cpu.shares"), Is.EqualTo("512"));
                Assert.That(ReadV1(v1, "cpu", spec.ContainerId, "cpu.cfs_quota_us"), Is.EqualTo("50000"));
                Assert.That(ReadV1(v1, "pids", spec.ContainerId, "pids.max"), Is.EqualTo("10"));
            });
        }

        var started = DateTime.UtcNow;
        await container.KillAsync(TimeSpan.FromSeconds(5));

        var termination = await container.Termination;
        Assert.Multiple(() =>
        {
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(3)));
            Assert.That(termination.Signal, Is.EqualTo(15));
            Assert.That(termination.Message, Is.EqualTo("Command terminated by signal 15"));
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
            Assert.That(Directory.Exists($"/proc/{container.Pid}"), Is.False);
            Assert.That(Containerizer.Running, Is.Empty);
        });
    }

    [Test]
    public async Task ProcessIgnoringSigtermIsKilledAfterTheGracePeriod()
    {
        // An ignored signal stays ignored across exec, so sleep ignores SIGTERM too.
        var spec = ShellSpec("trap '' TERM; echo ready; sleep 60");
        var container = await Containerizer.LaunchAsync(spec);
        await WaitUntil(() => File.ReadAllText(spec.StdoutPath).Contains("ready"));

        var started = DateTime.UtcNow;
        await container.KillAsync(TimeSpan.FromMilliseconds(500));

        var termination = await container.Termination;
        Assert.Multiple(() =>
        {
            Assert.That(termination.Signal, Is.EqualTo(9));
            Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450)));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
        });
    }

    [Test]
    public async Task ProcessesLeftBehindDieWithTheContainer()
    {
        var spec = ShellSpec("sleep 60 & echo $! > background.pid; exit 0");

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        var backgroundPid = File.ReadAllText(Path.Combine(spec.SandboxDirectory, "background.pid")).Trim();
        await WaitUntil(() => !IsAlive(backgroundPid));
        Assert.Multiple(() =>
        {
            Assert.That(termination.ExitCode, Is.EqualTo(0));
            Assert.That(IsAlive(backgroundPid), Is.False);
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
        });
    }

    [Test]
    public async Task EnvironmentHoldsOnlyTheTaskVariablesAndSandboxInformation()
    {
        Environment.SetEnvironmentVariable("AGENT_SECRET_FOR_TEST", "leaked");
        var spec = ShellSpec("env; pwd") with { Environment = new Dictionary<string, string> { ["GREETING"] = "hi there" } };

        await WaitForTermination(await Containerizer.LaunchAsync(spec));

        var output = File.ReadAllText(spec.StdoutPath);
        var sandbox = Path.GetFullPath(spec.SandboxDirectory);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("GREETING=hi there\n"));
            Assert.That(output, Does.Contain($"MESOS_SANDBOX={sandbox}\n"));
            Assert.That(output, Does.Contain($"MESOS_TASK_ID={spec.TaskId}\n"));
            Assert.That(output, Does.Contain("MESOS_FRAMEWORK_ID=framework-1\n"));
            Assert.That(output, Does.Contain("PATH=" + ContainerEnvironment.DefaultPath + "\n"));
            Assert.That(output, Does.Not.Contain("AGENT_SECRET_FOR_TEST"));
            Assert.That(output, Does.EndWith(sandbox + "\n"));
        });
    }

    [Test]
    public async Task ExecutableIsRunWithItsArgumentsUnsplit()
    {
        var spec = ShellSpec("unused") with { Shell = null, Executable = "/bin/echo", Arguments = ["a  b", "it's", "$HOME"] };

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        Assert.That(termination.ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(spec.StdoutPath), Is.EqualTo("a  b it's $HOME\n"));
    }

    [Test]
    public async Task CommandRunsAsTheRequestedUser()
    {
        var spec = ShellSpec("id -u; touch written-by-task") with { User = "nobody" };

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        Assert.That(termination.ExitCode, Is.EqualTo(0), File.ReadAllText(spec.StderrPath));
        Assert.That(File.ReadAllText(spec.StdoutPath).Trim(), Is.EqualTo("65534"));
    }

    [Test]
    public async Task CleanupRemovesOnlyOrphanCgroupsWithoutProcesses()
    {
        var orphanId = "orphan-" + Guid.NewGuid().ToString("N");
        Cgroups.Create(orphanId, new CgroupLimits(1, 64 * Megabyte, null));
        var live = await Containerizer.LaunchAsync(ShellSpec("sleep 60"));

        var removed = await Containerizer.CleanupOrphansAsync();

        Assert.Multiple(() =>
        {
            Assert.That(removed, Does.Contain(orphanId));
            Assert.That(removed, Does.Not.Contain(live.ContainerId));
            Assert.That(Cgroups.Exists(orphanId), Is.False);
            Assert.That(Cgroups.Exists(live.ContainerId), Is.True);
        });
    }

    [Test]
    public async Task LaunchingTheSameContainerIdTwiceFails()
    {
        var spec = ShellSpec("sleep 60");
        await Containerizer.LaunchAsync(spec);

        Assert.That(async () => await Containerizer.LaunchAsync(spec), Throws.InvalidOperationException);
    }

    private static string ReadV1(CgroupsV1 v1, string controller, string containerId, string file) =>
        File.ReadAllText(Path.Combine(v1.ContainerDirectory(controller, containerId)!, file)).Trim();

    private static bool IsAlive(string pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
            return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                if (condition())
                    return;
            }
            catch (IOException)
            {
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail("condition not met within 5 s");
            await Task.Delay(20);
        }
    }
}
