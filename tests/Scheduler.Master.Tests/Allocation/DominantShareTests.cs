using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class DominantShareTests
{
    [Test]
    public void Is_the_largest_fraction_of_any_scalar_resource()
    {
        // cpus 3/9 = 0.33, mem 1/18 = 0.06: cpus dominate.
        var share = DominantShare.Compute(ResourceSet.Parse("cpus:3;mem:1"), ResourceSet.Parse("cpus:9;mem:18"));

        Assert.That(share, Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [Test]
    public void Ignores_resources_missing_from_or_empty_in_the_total()
    {
        var allocated = new Dictionary<string, double> { ["cpus"] = 1, ["gpus"] = 4, ["disk"] = 5 };
        var total = new Dictionary<string, double> { ["cpus"] = 10, ["disk"] = 0 };

        Assert.That(DominantShare.Compute(allocated, total), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(DominantShare.Compute(new Dictionary<string, double>(), total), Is.EqualTo(0.0));
    }

    [Test]
    public void Is_divided_by_the_weight()
    {
        var allocated = new Dictionary<string, double> { ["mem"] = 50 };
        var total = new Dictionary<string, double> { ["mem"] = 100 };

        Assert.That(DominantShare.Weighted(allocated, total, 2), Is.EqualTo(0.25).Within(1e-12));
    }
}
