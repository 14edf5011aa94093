using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class ContainerLaunchScriptTests
{
    private static readonly ContainerLaunchSpec Spec = new()
    {
        ContainerId = "c1", FrameworkId = "f", TaskId = "t", Shell = "echo 'hi'", SandboxDirectory = "/tmp/sand box",
    };

    [Test]
    public void JoinsEveryCgroupBeforeExecutingTheCommand()
    {
        var script = ContainerLaunchScript.Build(Spec, ["/cg/memory/scheduler/c1/cgroup.procs", "/cg/cpu/scheduler/c1/cgroup.procs"]);

        var memory = script.IndexOf("echo $$ >'/cg/memory/scheduler/c1/cgroup.procs'", StringComparison.Ordinal);
        var cpu = script.IndexOf("echo $$ >'/cg/cpu/scheduler/c1/cgroup.procs'", StringComparison.Ordinal);
        var command = script.IndexOf("exec /bin/sh -c 'echo '\\''hi'\\'''", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(memory, Is.GreaterThan(0));
            Assert.That(cpu, Is.GreaterThan(memory));
            Assert.That(command, Is.GreaterThan(cpu));
            Assert.That(script, Does.StartWith("exec </dev/null >>'/tmp/sand box/stdout' 2>>'/tmp/sand box/stderr'"));
            Assert.That(script, Does.Contain("cd '/tmp/sand box'"));
        });
    }

    [Test]
    public void UserSwitchWrapsTheCommand()
    {
        var script = ContainerLaunchScript.Build(Spec with { User = "alice" }, []);

        Assert.That(script, Does.Contain("exec setpriv --reuid='alice' --regid=\"$(id -g 'alice')\" --init-groups -- /bin/sh -c"));
    }

    [Test]
    public void TheAgentsOwnUserNeedsNoSwitch()
    {
        var script = ContainerLaunchScript.Build(Spec with { User = System.Environment.UserName }, []);

        Assert.That(script, Does.Not.Contain("setpriv").And.Not.Contain("chown"));
        Assert.That(script, Does.Contain("exec /bin/sh -c 'echo '\\''hi'\\'''"));
    }

    [TestCase("plain", "'plain'")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("$(rm -rf /)", "'$(rm -rf /)'")]
    public void QuotingKeepsStringsLiteral(string value, string quoted) =>
        Assert.That(ShellQuoting.Quote(value), Is.EqualTo(quoted));
}
