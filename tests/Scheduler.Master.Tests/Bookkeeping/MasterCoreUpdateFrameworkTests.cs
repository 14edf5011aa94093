using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>UPDATE_FRAMEWORK, as Mesos: what may change, what may not, and what a change of roles does to offers and tasks.</summary>
[TestFixture]
public sealed class MasterCoreUpdateFrameworkTests
{
    private MasterUnderTest _master = null!;
    private SubscribedFramework _framework = null!;

    [SetUp]
    public void SetUp()
    {
        _master = new MasterUnderTest();
        _master.AddAgent("cpus(a):1;mem(a):256;cpus(b):2;mem(b):512");
        var subscribe = Frameworks.InRoles("multi", ["a", "b"]);
        subscribe.FrameworkInfo.Principal = "ops";
        subscribe.FrameworkInfo.Checkpoint = true;
        _framework = _master.Subscribe(subscribe);
    }

    [Test]
    public void Leaving_a_role_rescinds_its_offers_keeps_its_tasks_and_persists_the_new_info()
    {
        var offers = _master.AllocateOffersTo(_framework);
        var offerA = offers.Single(o => o.AllocationInfo.Role == "a");
        var offerB = offers.Single(o => o.AllocationInfo.Role == "b");
        _master.Call(_framework, Calls.Accept(_framework.Id, offerA.Id.Value, TaskInfos.Shell("task-a", "cpus(a):0.5;mem(a):128")));
        var info = CurrentInfo();
        info.Roles.Remove("a");
        info.Name = "multi-renamed";
        info.FailoverTimeout = 60;

        var (outcome, effects) = Update(info);

        Assert.That(outcome, Is.EqualTo(CallOutcome.Ok));
        var rescinded = effects.EventsTo(_framework.Id).Where(e => e.Type == Event.Types.Type.Rescind).Select(e => e.Rescind.OfferId.Value);
        Assert.That(rescinded, Is.Empty, "the offer for role a was accepted; the one for b stays");
        Assert.That(_master.Core.Offers.Select(o => o.OfferId), Is.EqualTo(new[] { offerB.Id.Value }));
        Assert.That(_master.Record(_framework).Tasks.Keys, Is.EqualTo(new[] { "task-a" }), "tasks of a left role keep running");
        Assert.That(_master.Record(_framework).Roles, Is.EqualTo(new[] { "b" }));
        Assert.That(_master.Record(_framework).Info.Name, Is.EqualTo("multi-renamed"));
        Assert.That(effects.Persisted<FrameworkAdded>().Single().FrameworkInfo, Is.EqualTo(info));
        Assert.That(_master.Registry.Frameworks.Single(), Is.EqualTo(info));
    }

    [Test]
    public void Leaving_a_role_rescinds_the_offers_outstanding_for_it()
    {
        var offerA = _master.AllocateOffersTo(_framework).Single(o => o.AllocationInfo.Role == "a");
        var info = CurrentInfo();
        info.Roles.Remove("a");

        var (_, effects) = Update(info);

        var rescinded = effects.EventsTo(_framework.Id).Where(e => e.Type == Event.Types.Type.Rescind).Select(e => e.Rescind.OfferId.Value);
        Assert.That(rescinded, Is.EqualTo(new[] { offerA.Id.Value }));
        Assert.That(_master.Core.Offers.Select(o => o.FrameworkId), Is.EqualTo(new[] { _framework.Id }));
        Assert.That(_master.Record(_framework).Stats.OffersRescinded, Is.EqualTo(1));
    }

    [Test]
    public void Joining_a_role_and_suppressing_another_changes_what_is_offered()
    {
        _master.AddAgent("cpus:1;mem:256", "agent-2.example.org");
        var info = CurrentInfo();
        info.Roles.Clear();
        info.Roles.Add("b");
        info.Roles.Add("c");

        Assert.That(Update(info, "b").Outcome, Is.EqualTo(CallOutcome.Ok));

        Assert.That(_master.Core.SuppressedRoles(_framework.Id), Is.EqualTo(new[] { "b" }));
        Assert.That(_master.AllocateOffersTo(_framework).Select(o => o.AllocationInfo.Role), Is.EqualTo(new[] { "c" }),
            "no role of the framework may use a's reservation, b is suppressed, and c gets the unreserved agent");
    }

    [TestCase("user")]
    [TestCase("checkpoint")]
    [TestCase("principal")]
    public void Changing_an_immutable_field_is_refused_and_changes_nothing(string field)
    {
        var info = CurrentInfo();
        info.Name = "never-applied";
        switch (field)
        {
            case "user": info.User = "mallory"; break;
            case "checkpoint": info.Checkpoint = false; break;
            case "principal": info.Principal = "someone-else"; break;
        }

        var (outcome, effects) = Update(info);

        Assert.That(outcome.StatusCode, Is.EqualTo(400));
        Assert.That(outcome.Error, Does.StartWith("FrameworkInfo update is not valid: "));
        Assert.That(outcome.Error, Does.Contain(field == "principal" ? "principal" : $"'FrameworkInfo.{field}'"));
        Assert.That(effects, Is.Empty);
        Assert.That(_master.Record(_framework).Info.Name, Is.EqualTo("multi"));
    }

    [Test]
    public void A_user_change_names_both_users()
    {
        var info = CurrentInfo();
        info.User = "mallory";

        Assert.That(Update(info).Outcome.Error, Is.EqualTo(
            "FrameworkInfo update is not valid: Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'alice' to 'mallory'"));
    }

    [Test]
    public void An_update_for_another_framework_id_or_suppressing_a_role_it_leaves_is_refused()
    {
        var otherId = CurrentInfo();
        otherId.Id = new FrameworkID { Value = "master-1-9999" };
        var suppressesLeftRole = CurrentInfo();
        suppressesLeftRole.Roles.Remove("a");
        var invalidInfo = CurrentInfo();
        invalidInfo.ClearName();

        Assert.That(Update(otherId).Outcome.Error, Is.EqualTo("'framework_id' differs from 'update_framework.framework_info.id'"));
        Assert.That(Update(suppressesLeftRole, "a").Outcome.Error,
            Is.EqualTo("'UpdateFramework' call is not valid: Suppressed roles { a } are not contained in the set of roles"));
        Assert.That(Update(invalidInfo).Outcome.Error,
            Is.EqualTo("Supplied FrameworkInfo is not valid: Expecting 'framework_info.name' to be present"));
        Assert.That(_master.Record(_framework).Roles, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void An_unchanged_info_is_not_persisted_again()
    {
        var (outcome, effects) = Update(CurrentInfo());

        Assert.That(outcome, Is.EqualTo(CallOutcome.Ok));
        Assert.That(effects.Persisted<FrameworkAdded>(), Is.Empty);
    }

    private FrameworkInfo CurrentInfo() => _master.Record(_framework).Info.Clone();

    private (CallOutcome Outcome, List<MasterEffect> Effects) Update(FrameworkInfo info, params string[] suppressedRoles) =>
        _master.Core.Handle(Calls.UpdateFramework(_framework.Id, info, suppressedRoles), _framework.StreamId);
}
