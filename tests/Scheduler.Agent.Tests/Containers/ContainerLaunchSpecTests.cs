using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class ContainerLaunchSpecTests
{
    private static readonly ContainerLaunchSpec Valid = new()
    {
        ContainerId = "c1", FrameworkId = "f", TaskId = "t", Shell = "true", SandboxDirectory = "/tmp/sandbox",
    };

    [Test]
    public void ValidSpecPasses() => Assert.That(() => Valid.Validate(), Throws.Nothing);

    [Test]
    public void BothShellAndExecutableIsRejected() =>
        Assert.That(() => (Valid with { Executable = "/bin/true" }).Validate(), Throws.ArgumentException);

    [Test]
    public void NeitherShellNorExecutableIsRejected() =>
        Assert.That(() => (Valid with { Shell = null }).Validate(), Throws.ArgumentException);

    [TestCase("")]
    [TestCase("..")]
    [TestCase("a/b")]
    public void ContainerIdThatIsNotASinglePathSegmentIsRejected(string containerId) =>
        Assert.That(() => (Valid with { ContainerId = containerId }).Validate(), Throws.ArgumentException);

    [Test]
    public void NonPositiveResourcesAreRejected()
    {
        Assert.That(() => (Valid with { Cpus = 0 }).Validate(), Throws.ArgumentException);
        Assert.That(() => (Valid with { MemoryMegabytes = -1 }).Validate(), Throws.ArgumentException);
        Assert.That(() => (Valid with { Pids = 0 }).Validate(), Throws.ArgumentException);
    }
}
