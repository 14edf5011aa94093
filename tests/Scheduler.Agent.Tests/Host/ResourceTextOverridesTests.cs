using Scheduler.Agent.Host;

namespace Scheduler.Agent.Tests.Host;

[TestFixture]
public sealed class ResourceTextOverridesTests
{
    private const string Detected = "cpus:2;mem:23000;disk:50000;ports:[31000-32000]";

    [Test]
    public void NoOverridesKeepsTheDetection()
    {
        Assert.That(ResourceTextOverrides.Apply(Detected, null), Is.EqualTo(Detected));
        Assert.That(ResourceTextOverrides.Apply(Detected, " "), Is.EqualTo(Detected));
    }

    [Test]
    public void OverriddenNamesAreReplacedInPlace() =>
        Assert.That(ResourceTextOverrides.Apply(Detected, "mem:1024; ports:[8000-8100]"),
            Is.EqualTo("cpus:2;mem:1024;disk:50000;ports:[8000-8100]"));

    [Test]
    public void RoleQualifiedOverridesReplaceEveryEntryOfThatName() =>
        Assert.That(ResourceTextOverrides.Apply(Detected, "cpus(analytics):1;cpus:1"),
            Is.EqualTo("cpus(analytics):1;cpus:1;mem:23000;disk:50000;ports:[31000-32000]"));

    [Test]
    public void NewNamesAreAppendedInTheirGivenOrder() =>
        Assert.That(ResourceTextOverrides.Apply(Detected, "gpus:2;bandwidth:100"),
            Is.EqualTo(Detected + ";gpus:2;bandwidth:100"));

    [TestCase("cpus:2", "cpus")]
    [TestCase("cpus(role):2", "cpus")]
    [TestCase(" disk :5", "disk")]
    public void NameIsWhatPrecedesTheValueOrRole(string entry, string name) =>
        Assert.That(ResourceTextOverrides.NameOf(entry), Is.EqualTo(name));
}
