using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

/// <summary>Real containers in their own PID and mount namespaces (needs root, cgroups and util-linux's unshare).</summary>
[TestFixture]
[NonParallelizable]
public sealed class NamespaceContainerTests() : RealContainerizerFixture("namespace-container-tests-")
{
    protected override string RequiredTool => "/usr/bin/unshare";

    protected override CgroupContainerizer CreateContainerizer(ICgroups cgroups) =>
        new(cgroups, namespaces: NamespaceIsolation.Parse("pid,mount"));

    [Test]
    public async Task The_command_is_pid_1_and_sees_only_its_own_processes()
    {
        var spec = ShellSpec("echo $$; cat /proc/self/stat | cut -d' ' -f1; ls /proc | grep -c '^[0-9][0-9]*$'");

        var termination = await WaitForTermination(await Containerizer.LaunchAsync(spec));

        var lines = File.ReadAllLines(spec.StdoutPath);
        Assert.Multiple(() =>
        {
            Assert.That(termination.ExitCode, Is.EqualTo(0), File.ReadAllText(spec.StderrPath));
            Assert.That(lines, Has.Length.EqualTo(3), File.ReadAllText(spec.StdoutPath));
            Assert.That(lines[0], Is.EqualTo("1"));
            Assert.That(int.Parse(lines[1]), Is.GreaterThan(1).And.LessThan(10), "a child of PID 1 gets a low pid of the new namespace");
            Assert.That(int.Parse(lines[2]), Is.LessThan(6), "only the shell, ls and grep are in the container's /proc");
        });
    }

    [Test]
    public async Task Killing_the_task_kills_everything_in_its_namespace()
    {
        var spec = ShellSpec("sleep 60 & sleep 60 & echo started; wait");
        var container = await Containerizer.LaunchAsync(spec);
        await WaitUntil(() => File.Exists(spec.StdoutPath) && File.ReadAllText(spec.StdoutPath).Contains("started")
                              && Cgroups.Processes(spec.ContainerId).Count >= 4);
        var inside = Cgroups.Processes(spec.ContainerId);

        await container.KillAsync(TimeSpan.FromMilliseconds(200));
        var finished = await Task.WhenAny(container.Termination, Task.Delay(TimeSpan.FromSeconds(15)));
        await WaitUntil(() => !inside.Any(IsAlive));

        Assert.Multiple(() =>
        {
            Assert.That(inside, Has.Count.GreaterThanOrEqualTo(4), "unshare, the shell as PID 1 and two sleeps");
            Assert.That(finished, Is.SameAs(container.Termination), "the container did not end after the kill");
            Assert.That(inside.Where(IsAlive), Is.Empty);
            Assert.That(Cgroups.Exists(spec.ContainerId), Is.False);
        });
    }

    [Test]
    public async Task Mounts_made_by_the_task_stay_out_of_the_hosts_view()
    {
        var spec = ShellSpec("mkdir -p private && mount -t tmpfs tmpfs private && touch private/secret && echo mounted; exec sleep 60");
        var container = await Containerizer.LaunchAsync(spec);
        await WaitUntil(() => File.Exists(spec.StdoutPath) && File.ReadAllText(spec.StdoutPath).Contains("mounted"));

        var privateDirectory = Path.Combine(spec.SandboxDirectory, "private");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(privateDirectory));
            Assert.That(Directory.GetFileSystemEntries(privateDirectory), Is.Empty);
            Assert.That(File.ReadAllText($"/proc/{container.Pid}/mountinfo"), Does.Contain(privateDirectory));
        });
        await container.KillAsync(TimeSpan.Zero);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Condition not met within 10 s");
            await Task.Delay(20);
        }
    }

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
}
