using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class CgroupsV2Tests : FakeCgroupRootTests
{
    private const long Megabyte = 1024 * 1024;

    [SetUp]
    public void MountUnifiedHierarchy() => Touch("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");

    [Test]
    public void CreateEnablesControllersAndWritesTheLimits()
    {
        Touch("scheduler/c1/memory.swap.max", "max\n");

        new CgroupsV2(Root).Create("c1", new CgroupLimits(1.5, 256 * Megabyte, 100));

        Assert.Multiple(() =>
        {
            Assert.That(Read("cgroup.subtree_control"), Is.EqualTo("+cpu +memory +pids"));
            Assert.That(Read("scheduler/cgroup.subtree_control"), Is.EqualTo("+cpu +memory +pids"));
            Assert.That(Read("scheduler/c1/cpu.weight"), Is.EqualTo("150"));
            Assert.That(Read("scheduler/c1/cpu.max"), Is.EqualTo("150000 100000"));
            Assert.That(Read("scheduler/c1/memory.max"), Is.EqualTo((256 * Megabyte).ToString()));
            Assert.That(Read("scheduler/c1/memory.swap.max"), Is.EqualTo("0"));
            Assert.That(Read("scheduler/c1/pids.max"), Is.EqualTo("100"));
        });
    }

    [Test]
    public void CreateOnlyEnablesControllersTheHostHas()
    {
        Touch("cgroup.controllers", "cpu io memory\n");

        new CgroupsV2(Root).Create("c1", new CgroupLimits(0.25, 64 * Megabyte, null));

        Assert.Multiple(() =>
        {
            Assert.That(Read("cgroup.subtree_control"), Is.EqualTo("+cpu +memory"));
            Assert.That(Read("scheduler/c1/cpu.max"), Is.EqualTo("25000 100000"));
            Assert.That(File.Exists(Path.Combine(Root, "scheduler/c1/pids.max")), Is.False);
            Assert.That(File.Exists(Path.Combine(Root, "scheduler/c1/memory.swap.max")), Is.False);
        });
    }

    [Test]
    public void ProcessFileIsTheContainerCgroupProcs()
    {
        Assert.That(new CgroupsV2(Root).ProcessFiles("c1"),
            Is.EqualTo(new[] { Path.Combine(Root, "scheduler", "c1", "cgroup.procs") }));
    }

    [Test]
    public void MemoryReportReadsOomKillsFromMemoryEvents()
    {
        Touch("scheduler/c1/memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        Touch("scheduler/c1/memory.max", "33554432\n");
        Touch("scheduler/c1/memory.peak", "33554432\n");

        var report = new CgroupsV2(Root).ReadMemoryReport("c1");

        Assert.That(report, Is.EqualTo(new CgroupMemoryReport(true, true, 32 * Megabyte, 32 * Megabyte)));
    }

    [Test]
    public void MemoryReportWithoutOomKillsIsNotOom()
    {
        Touch("scheduler/c1/memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");

        Assert.That(new CgroupsV2(Root).ReadMemoryReport("c1").OomKilled, Is.False);
    }

    [Test]
    public void UsageReadsCpuMemoryAndPids()
    {
        Touch("scheduler/c1/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        Touch("scheduler/c1/memory.current", "1048576\n");
        Touch("scheduler/c1/memory.max", "max\n");
        Touch("scheduler/c1/pids.current", "3\n");

        var usage = new CgroupsV2(Root).ReadUsage("c1");

        Assert.Multiple(() =>
        {
            Assert.That(usage.CpuTime, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(usage.MemoryBytes, Is.EqualTo(Megabyte));
            Assert.That(usage.MemoryLimitBytes, Is.Null, "\"max\" means unlimited");
            Assert.That(usage.ProcessCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void ListsContainersUnderTheSchedulerSubtree()
    {
        Touch("scheduler/a/cgroup.procs");
        Touch("scheduler/b/cgroup.procs");
        Touch("other/c/cgroup.procs");

        Assert.That(new CgroupsV2(Root).ListContainers(), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void ProcessesAreReadFromCgroupProcs()
    {
        Touch("scheduler/c1/cgroup.procs", "12\n34\n");

        Assert.That(new CgroupsV2(Root).Processes("c1"), Is.EqualTo(new[] { 12, 34 }));
    }
}
