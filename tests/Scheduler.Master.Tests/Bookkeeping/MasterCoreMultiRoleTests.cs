using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Frameworks in several roles: one offer per agent and role, and tasks launched in the offer's role.</summary>
[TestFixture]
public sealed class MasterCoreMultiRoleTests
{
    private MasterUnderTest _master = null!;

    [SetUp]
    public void SetUp() => _master = new MasterUnderTest();

    [Test]
    public void A_framework_in_two_roles_gets_one_offer_per_role_with_its_allocation_info()
    {
        _master.AddAgent("cpus(a):1;mem(a):256;cpus(b):2;mem(b):512");
        var framework = _master.Subscribe(MultiRole("a", "b"));

        var offers = _master.AllocateOffersTo(framework);

        Assert.That(offers.Select(o => o.AllocationInfo.Role), Is.EquivalentTo(new[] { "a", "b" }));
        var offerB = offers.Single(o => o.AllocationInfo.Role == "b");
        Assert.That(ResourceSet.FromProto(offerB.Resources), Is.EqualTo(ResourceSet.Parse("cpus(b):2;mem(b):512").Allocate("b")));
        Assert.That(offerB.Resources.Select(r => r.AllocationInfo.Role), Is.All.EqualTo("b"));
        Assert.That(_master.Record(framework).Stats.OffersMade, Is.EqualTo(2));
    }

    [Test]
    public void A_task_launched_from_an_offer_uses_the_offers_role_and_returns_to_it()
    {
        var agentId = _master.AddAgent("cpus(a):1;mem(a):256;cpus(b):2;mem(b):512");
        var framework = _master.Subscribe(MultiRole("a", "b"));
        var offerB = _master.AllocateOffersTo(framework).Single(o => o.AllocationInfo.Role == "b");

        var effects = _master.Call(framework, Calls.Accept(framework.Id, offerB.Id.Value, TaskInfos.Shell("batch-1", "cpus(b):1;mem(b):128")));

        var run = effects.MessagesTo<RunTask>(agentId).Single();
        Assert.That(ResourceSet.FromProto(run.Task.Resources), Is.EqualTo(ResourceSet.Parse("cpus(b):1;mem(b):128").Allocate("b")));

        _master.Report(run, TaskState.TaskFinished);
        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = _master.AllocateOffersTo(framework).Single(o => o.AllocationInfo.Role == "b");
        Assert.That(ResourceSet.FromProto(again.Resources), Is.EqualTo(ResourceSet.Parse("cpus(b):2;mem(b):512").Allocate("b")));
    }

    [Test]
    public void Roles_tell_what_each_role_uses_and_has_on_offer()
    {
        _master.AddAgent("cpus(a):1;mem(a):256;cpus(b):2;mem(b):512");
        var framework = _master.Subscribe(MultiRole("a", "b"));
        var offerB = _master.AllocateOffersTo(framework).Single(o => o.AllocationInfo.Role == "b");
        _master.Call(framework, Calls.Accept(framework.Id, offerB.Id.Value, TaskInfos.Shell("batch-1", "cpus(b):1;mem(b):128")));

        var roles = _master.Core.Roles();

        Assert.That(roles.Select(r => r.Name), Is.EqualTo(new[] { "a", "b" }));
        var a = roles[0];
        var b = roles[1];
        Assert.Multiple(() =>
        {
            Assert.That(a.Frameworks, Is.EqualTo(new[] { framework.Id }));
            Assert.That(a.Offered, Is.EqualTo(ResourceSet.Parse("cpus(a):1;mem(a):256").Allocate("a")));
            Assert.That(a.Allocated.IsEmpty, Is.True);
            Assert.That(b.Allocated, Is.EqualTo(ResourceSet.Parse("cpus(b):1;mem(b):128").Allocate("b")));
            Assert.That(b.Offered.IsEmpty, Is.True);
            Assert.That(b.Weight, Is.EqualTo(1.0));
        });

        // The rest of b's offer was refused for 5 s: the next cycle passes the framework over once for b.
        _master.Core.Allocate();
        Assert.That(_master.Core.Roles()[1].FrameworksFilteredLastCycle, Is.EqualTo(1));
    }

    private static Protocol.V1.SchedulerApi.Call.Types.Subscribe MultiRole(params string[] roles)
    {
        var subscribe = Frameworks.Named("multi");
        subscribe.FrameworkInfo.Roles.AddRange(roles);
        subscribe.FrameworkInfo.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole });
        return subscribe;
    }
}
