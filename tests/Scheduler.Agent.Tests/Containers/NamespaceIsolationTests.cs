using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class NamespaceIsolationTests
{
    [TestCase("", false, false)]
    [TestCase("pid", true, true)]
    [TestCase("mount", false, true)]
    [TestCase(" mount , pid ", true, true)]
    public void Parses_the_namespaces_a_pid_namespace_bringing_a_mount_namespace(string text, bool pid, bool mount) =>
        Assert.That(NamespaceIsolation.Parse(text), Is.EqualTo(new NamespaceIsolation(pid, mount)));

    [Test]
    public void Refuses_namespaces_it_does_not_isolate() =>
        Assert.That(() => NamespaceIsolation.Parse("pid,network"), Throws.ArgumentException.With.Message.Contains("network"));

    [Test]
    public void The_command_is_execd_through_unshare_before_the_user_switch()
    {
        var spec = new ContainerLaunchSpec
        {
            ContainerId = "c1", FrameworkId = "f", TaskId = "t", Shell = "echo $$", SandboxDirectory = "/tmp/sandbox", User = "alice",
        };

        Assert.Multiple(() =>
        {
            Assert.That(ContainerLaunchScript.Build(spec, [], NamespaceIsolation.Parse("pid")),
                Does.Contain("exec unshare --pid --fork --mount-proc --kill-child -- setpriv --reuid='alice'"));
            Assert.That(ContainerLaunchScript.Build(spec, [], NamespaceIsolation.Parse("mount")),
                Does.Contain("exec unshare --mount -- setpriv"));
            Assert.That(ContainerLaunchScript.Build(spec, []), Does.Not.Contain("unshare"));
        });
    }
}
