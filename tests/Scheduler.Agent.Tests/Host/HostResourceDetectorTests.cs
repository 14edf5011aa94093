using Scheduler.Agent.Host;

namespace Scheduler.Agent.Tests.Host;

[TestFixture]
public sealed class HostResourceDetectorTests
{
    [TestCase(24_000L, 22_976L)]
    [TestCase(2048L, 1024L)]
    [TestCase(2047L, 1023L)]
    [TestCase(1000L, 500L)]
    public void MemoryLeavesOneGigabyteOrHalfForTheSystem(long total, long expected) =>
        Assert.That(HostResourceDetector.AvailableMemoryMegabytes(total), Is.EqualTo(expected));

    [TestCase(100_000L, 94_880L)]
    [TestCase(10_240L, 5_120L)]
    [TestCase(8_000L, 4_000L)]
    public void DiskLeavesFiveGigabytesOrHalfForTheSystem(long total, long expected) =>
        Assert.That(HostResourceDetector.AvailableDiskMegabytes(total), Is.EqualTo(expected));

    [Test]
    public void MemTotalIsParsedFromMeminfo()
    {
        const string meminfo = "MemTotal:       24684084 kB\nMemFree:        24317860 kB\n";

        Assert.That(HostResourceDetector.ParseMemTotalMegabytes(meminfo), Is.EqualTo(24684084L / 1024));
    }

    [Test]
    public void MeminfoWithoutMemTotalIsAnError() =>
        Assert.That(() => HostResourceDetector.ParseMemTotalMegabytes("MemFree: 1 kB\n"), Throws.InstanceOf<FormatException>());

    [Test]
    public void DetectionOnThisHostIsSane()
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), "not-yet-created-" + Guid.NewGuid().ToString("N"), "work");

        var resources = HostResourceDetector.Detect(workDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(resources.Cpus, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(resources.MemoryMegabytes, Is.GreaterThan(0));
            Assert.That(resources.MemoryMegabytes * 1024 * 1024, Is.LessThan(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 2));
            Assert.That(resources.DiskMegabytes, Is.GreaterThan(0));
            Assert.That(resources.PortsBegin, Is.EqualTo(31000));
            Assert.That(resources.PortsEnd, Is.EqualTo(32000));
            Assert.That(Directory.Exists(workDirectory), Is.False, "detection must not create the work directory");
        });
    }

    [Test]
    public void TextFormIsMesosStyle()
    {
        Assert.That(new HostResources(2, 23000, 50000, 31000, 32000).ToText(),
            Is.EqualTo("cpus:2;mem:23000;disk:50000;ports:[31000-32000]"));
        Assert.That(new HostResources(0.5, 1, 2, 1, 2).ToText(), Is.EqualTo("cpus:0.5;mem:1;disk:2;ports:[1-2]"));
    }

    [Test]
    public void DetectTextAppliesOverrides()
    {
        var text = HostResourceDetector.DetectText(Path.GetTempPath(), "cpus:7;gpus:1");

        Assert.That(text, Does.StartWith("cpus:7;mem:"));
        Assert.That(text, Does.EndWith(";ports:[31000-32000];gpus:1"));
    }
}
