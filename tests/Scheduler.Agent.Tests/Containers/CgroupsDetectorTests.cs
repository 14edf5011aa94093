using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class CgroupsDetectorTests : FakeCgroupRootTests
{
    [Test]
    public void UnifiedMountIsV2()
    {
        Touch("cgroup.controllers", "cpu memory pids\n");

        Assert.That(CgroupsDetector.Detect(Root), Is.InstanceOf<CgroupsV2>());
    }

    [Test]
    public void PerControllerMountsAreV1EvenWithAHybridUnifiedMount()
    {
        Touch("memory/cgroup.procs");
        Touch("cpu/cgroup.procs");
        Touch("unified/cgroup.controllers");

        Assert.That(CgroupsDetector.Detect(Root), Is.InstanceOf<CgroupsV1>());
    }

    [Test]
    public void NoCgroupsIsNull()
    {
        Assert.That(CgroupsDetector.Detect(Root), Is.Null);
    }
}
