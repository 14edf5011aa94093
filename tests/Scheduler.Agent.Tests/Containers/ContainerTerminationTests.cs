using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

[TestFixture]
public sealed class ContainerTerminationTests
{
    [Test]
    public void MemoryMessageNamesLimitAndPeakInMesosUnits()
    {
        var termination = ContainerTermination.MemoryLimitExceeded(null, 9, 32L * 1024 * 1024, 32L * 1024 * 1024 - 4096);

        Assert.That(termination.Message, Is.EqualTo("Memory limit exceeded: Requested: 32MB Maximum Used: 32764KB"));
        Assert.That(termination.OomKilled, Is.True);
        Assert.That(termination.Succeeded, Is.False);
    }

    [TestCase(0L, "0B")]
    [TestCase(1023L, "1023B")]
    [TestCase(2048L, "2KB")]
    [TestCase(3L * 1024 * 1024 * 1024, "3GB")]
    [TestCase(1536L * 1024 * 1024, "1536MB")]
    public void ByteSizeUsesTheLargestExactUnit(long bytes, string expected) =>
        Assert.That(ByteSize.Format(bytes), Is.EqualTo(expected));
}
