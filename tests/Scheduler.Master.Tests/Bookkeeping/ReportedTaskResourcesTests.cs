using Scheduler.Master.Bookkeeping;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

[TestFixture]
public sealed class ReportedTaskResourcesTests
{
    [Test]
    public void Tasks_with_equal_resources_share_one_reading()
    {
        var resources = new ReportedTaskResources();

        var first = resources.Of(TaskUsing("cpus:0.1;mem:5"));
        var second = resources.Of(TaskUsing("cpus:0.1;mem:5"));

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(first, Is.EqualTo(ResourceSet.Parse("cpus:0.1;mem:5").Allocate("*")));
        });
    }

    [Test]
    public void Tasks_with_different_resources_are_read_each()
    {
        var resources = new ReportedTaskResources();

        var small = resources.Of(TaskUsing("cpus:0.1;mem:5"));
        var large = resources.Of(TaskUsing("cpus:0.1;mem:6"));

        Assert.Multiple(() =>
        {
            Assert.That(small, Is.EqualTo(ResourceSet.Parse("cpus:0.1;mem:5").Allocate("*")));
            Assert.That(large, Is.EqualTo(ResourceSet.Parse("cpus:0.1;mem:6").Allocate("*")));
        });
    }

    private static Protocol.V1.Task TaskUsing(string resources)
    {
        var task = new Protocol.V1.Task { TaskId = new Protocol.V1.TaskID { Value = Guid.NewGuid().ToString() } };
        task.Resources.AddRange(ResourceSet.Parse(resources).Allocate("*").ToProto());
        return task;
    }
}
