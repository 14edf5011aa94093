using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class CgroupLimitsTests
{
    [TestCase(1.0, 1024, 100_000, 100)]
    [TestCase(0.1, 102, 10_000, 10)]
    [TestCase(0.001, 2, 1_000, 1)]
    [TestCase(4.0, 4096, 400_000, 400)]
    public void CpuSettingsFollowMesos(double cpus, long shares, long quota, long weight)
    {
        var limits = new CgroupLimits(cpus, 64 * 1024 * 1024, null);

        Assert.Multiple(() =>
        {
            Assert.That(limits.CpuShares, Is.EqualTo(shares));
            Assert.That(limits.CfsQuotaMicroseconds, Is.EqualTo(quota));
            Assert.That(limits.CpuWeight, Is.EqualTo(weight));
        });
    }

    [Test]
    public void MemoryHasAFloorOf32Megabytes()
    {
        var spec = new ContainerLaunchSpec
        {
            ContainerId = "c", FrameworkId = "f", TaskId = "t", Shell = "true", SandboxDirectory = "/tmp/x", MemoryMegabytes = 4,
        };

        Assert.That(CgroupLimits.From(spec).MemoryBytes, Is.EqualTo(32L * 1024 * 1024));
        Assert.That(CgroupLimits.From(spec with { MemoryMegabytes = 100 }).MemoryBytes, Is.EqualTo(100L * 1024 * 1024));
    }
}
