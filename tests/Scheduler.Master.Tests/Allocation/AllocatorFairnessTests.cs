using Scheduler.Master.Allocation;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class AllocatorFairnessTests
{
    private static readonly ResourceSet Task = ResourceSet.Parse("cpus:1;mem:512");

    private Allocator allocator = null!;
    private TaskLaunchingFrameworks frameworks = null!;

    [SetUp]
    public void SetUp()
    {
        allocator = new Allocator(new ManualClock(), new RoundRobinAgentOrder());
        frameworks = new TaskLaunchingFrameworks(allocator, Task);
        for (var i = 0; i < 10; i++)
        {
            allocator.AddAgent($"agent-{i}", ResourceSet.Parse("cpus:4;mem:4096"), $"host-{i}");
        }
    }

    [Test]
    public void Two_equal_frameworks_in_a_role_split_the_cluster_evenly()
    {
        allocator.AddFramework("fw-a", "analytics");
        allocator.AddFramework("fw-b", "analytics");

        frameworks.RunUntilFull();

        // 40 cpus, one cpu per task.
        Assert.That(frameworks.RunningTasks("fw-a"), Is.EqualTo(20));
        Assert.That(frameworks.RunningTasks("fw-b"), Is.EqualTo(20));
    }

    [Test]
    public void Two_equal_frameworks_share_evenly_over_many_cycles_of_tasks_ending_and_starting()
    {
        allocator.AddFramework("fw-a", "analytics");
        allocator.AddFramework("fw-b", "analytics");
        var random = new Random(20240101);
        const int rounds = 200;
        var tasksOfA = 0;
        var gaps = 0;

        for (var round = 0; round < rounds; round++)
        {
            frameworks.EndTasksAtRandom(random, probability: 0.2);
            frameworks.RunUntilFull();
            Assert.That(frameworks.RunningTasks("fw-a") + frameworks.RunningTasks("fw-b"), Is.EqualTo(40));
            tasksOfA += frameworks.RunningTasks("fw-a");
            gaps += Math.Abs(frameworks.RunningTasks("fw-a") - frameworks.RunningTasks("fw-b"));
        }

        // Offers are whole agents and each yields one task, so single rounds wobble by a few
        // tasks; on average each framework holds half of the 40 cpus.
        Assert.That((double)tasksOfA / rounds, Is.EqualTo(20.0).Within(0.5));
        Assert.That((double)gaps / rounds, Is.LessThan(2.5));
    }

    [Test]
    public void Equal_roles_split_the_cluster_evenly()
    {
        allocator.AddFramework("fw-a", "analytics");
        allocator.AddFramework("fw-b", "serving");

        frameworks.RunUntilFull();

        Assert.That(allocator.RoleDominantShare("analytics"), Is.EqualTo(0.5).Within(1e-9));
        Assert.That(allocator.RoleDominantShare("serving"), Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void Role_weights_of_two_to_one_give_dominant_shares_of_two_to_one()
    {
        allocator.UpdateRoleWeight("gold", 2);
        allocator.AddFramework("fw-gold", "gold");
        allocator.AddFramework("fw-silver", "silver");

        frameworks.RunUntilFull();

        var gold = allocator.RoleDominantShare("gold");
        var silver = allocator.RoleDominantShare("silver");
        Assert.That(gold + silver, Is.EqualTo(1.0).Within(1e-9));
        // 40 one-cpu tasks split 2:1 is 26.7 to 13.3; the allocator hands out whole tasks.
        Assert.That(frameworks.RunningTasks("fw-gold"), Is.InRange(26, 27));
        Assert.That(gold / silver, Is.EqualTo(2.0).Within(0.15));
        Assert.That(allocator.RoleWeight("gold"), Is.EqualTo(2.0));
        Assert.That(allocator.RoleWeight("silver"), Is.EqualTo(1.0));
    }

    [Test]
    public void A_weight_change_steers_resources_that_free_up_later()
    {
        allocator.AddFramework("fw-gold", "gold");
        allocator.AddFramework("fw-silver", "silver");
        frameworks.RunUntilFull();
        Assert.That(frameworks.RunningTasks("fw-gold"), Is.EqualTo(20));

        allocator.UpdateRoleWeight("gold", 3);
        var random = new Random(7);
        for (var round = 0; round < 100; round++)
        {
            frameworks.EndTasksAtRandom(random, probability: 0.2);
            frameworks.RunUntilFull();
        }

        // 3:1 of 40 tasks is 30 to 10.
        Assert.That(frameworks.RunningTasks("fw-gold"), Is.InRange(28, 32));
    }
}
