using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class CgroupsV1FilesTests : FakeCgroupRootTests
{
    private const long Megabyte = 1024 * 1024;

    [SetUp]
    public void MountControllers()
    {
        foreach (var controller in new[] { "cpu", "cpuacct", "memory", "pids", "freezer" })
            Touch($"{controller}/cgroup.procs");
    }

    [Test]
    public void CreateWritesLimitsIntoEachHierarchy()
    {
        Touch("memory/scheduler/c1/memory.memsw.limit_in_bytes", "9223372036854771712\n");

        var cgroups = new CgroupsV1(Root);
        cgroups.Create("c1", new CgroupLimits(0.5, 64 * Megabyte, 20));

        Assert.Multiple(() =>
        {
            Assert.That(Read("cpu/scheduler/c1/cpu.shares"), Is.EqualTo("512"));
            Assert.That(Read("cpu/scheduler/c1/cpu.cfs_period_us"), Is.EqualTo("100000"));
            Assert.That(Read("cpu/scheduler/c1/cpu.cfs_quota_us"), Is.EqualTo("50000"));
            Assert.That(Read("memory/scheduler/c1/memory.limit_in_bytes"), Is.EqualTo((64 * Megabyte).ToString()));
            Assert.That(Read("memory/scheduler/c1/memory.memsw.limit_in_bytes"), Is.EqualTo((64 * Megabyte).ToString()));
            Assert.That(Read("pids/scheduler/c1/pids.max"), Is.EqualTo("20"));
            Assert.That(Directory.Exists(Path.Combine(Root, "freezer/scheduler/c1")), Is.True);
            Assert.That(Directory.Exists(Path.Combine(Root, "cpuacct/scheduler/c1")), Is.True);
        });
    }

    [Test]
    public void ProcessFilesCoverEveryMountedHierarchy()
    {
        var files = new CgroupsV1(Root).ProcessFiles("c1");

        Assert.That(files, Has.Count.EqualTo(5));
        Assert.That(files, Has.All.EndsWith(Path.Combine("scheduler", "c1", "cgroup.procs")));
    }

    [Test]
    public void MemoryReportReadsTheOomKillCounter()
    {
        Touch("memory/scheduler/c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Touch("memory/scheduler/c1/memory.failcnt", "40\n");
        Touch("memory/scheduler/c1/memory.limit_in_bytes", "33554432\n");
        Touch("memory/scheduler/c1/memory.max_usage_in_bytes", "33554432\n");

        var report = new CgroupsV1(Root).ReadMemoryReport("c1");

        Assert.That(report, Is.EqualTo(new CgroupMemoryReport(true, true, 32 * Megabyte, 32 * Megabyte)));
    }

    [Test]
    public void OlderKernelsWithoutTheCounterReportOnlyTheLimitHit()
    {
        Touch("memory/scheduler/c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");
        Touch("memory/scheduler/c1/memory.failcnt", "3\n");

        var report = new CgroupsV1(Root).ReadMemoryReport("c1");

        Assert.Multiple(() =>
        {
            Assert.That(report.OomKilled, Is.Null);
            Assert.That(report.LimitReached, Is.True);
        });
    }

    [Test]
    public void WithoutAnyHierarchyConstructionFails()
    {
        var empty = Directory.CreateTempSubdirectory("no-cgroups-").FullName;
        try
        {
            Assert.That(() => new CgroupsV1(empty), Throws.InvalidOperationException);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
