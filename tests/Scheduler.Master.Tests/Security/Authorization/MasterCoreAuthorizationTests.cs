using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using static Scheduler.Master.Tests.Bookkeeping.OfferOperations;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>An ACCEPT's operations checked against the framework principal's ACLs: run_tasks, reserve_resources, unreserve_resources.</summary>
[TestFixture]
public sealed class MasterCoreAuthorizationTests
{
    private const string Acls = """
        {
          "permissive": false,
          "run_tasks": [
            {"principals": {"values": ["bob"]}, "users": {"values": ["alice", "nobody"]}},
            {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}
          ],
          "reserve_resources": [{"principals": {"values": ["bob"]}, "roles": {"values": ["dev"]}}],
          "unreserve_resources": [{"principals": {"values": ["bob"]}, "reserver_principals": {"values": ["bob"]}}]
        }
        """;

    private MasterUnderTest _master = null!;
    private string _agentId = null!;
    private SubscribedFramework _framework = null!;

    [SetUp]
    public void SetUp()
    {
        Assert.That(AclDocument.TryParse(Acls, out var acls, out var error), Is.True, error);
        _master = new MasterUnderTest(authorizer: new Authorizer(acls!));
        _agentId = _master.AddAgent("cpus:2;mem:1024");
    }

    private SubscribedFramework SubscribeAsBob(string role)
    {
        var subscribe = Frameworks.InRoles("web", [role]);
        subscribe.FrameworkInfo.Principal = "bob";
        return _framework = _master.Subscribe(subscribe);
    }

    [Test]
    public void A_task_as_a_user_the_principal_may_not_run_as_is_a_task_error_naming_the_rule()
    {
        SubscribeAsBob("dev");
        var offer = _master.AllocateOffersTo(_framework)[0];
        var task = TaskInfos.Shell("as-root", "cpus:0.5;mem:64");
        task.Command.User = "root";

        var effects = _master.Call(_framework, Accept(_framework.Id, offer.Id.Value, Launch(task)));

        var update = effects.UpdatesTo(_framework.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(update.State, Is.EqualTo(TaskState.TaskError));
            Assert.That(update.Reason, Is.EqualTo(TaskStatus.Types.Reason.TaskUnauthorized));
            Assert.That(update.Message, Is.EqualTo("Not authorized to launch as user 'root': denied by ACL run_tasks[1] (principal 'bob')"));
            Assert.That(effects.MessagesTo<RunTask>(_agentId), Is.Empty);
            Assert.That(_master.Record(_framework).Stats.TasksRefused, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_task_as_an_allowed_user_launches_and_the_framework_user_counts_when_the_command_names_none()
    {
        SubscribeAsBob("dev");
        var offer = _master.AllocateOffersTo(_framework)[0];
        var asNobody = TaskInfos.Shell("as-nobody", "cpus:0.5;mem:64");
        asNobody.Command.User = "nobody";
        var asFrameworkUser = TaskInfos.Shell("as-alice", "cpus:0.5;mem:64");

        var effects = _master.Call(_framework, Accept(_framework.Id, offer.Id.Value, Launch(asNobody, asFrameworkUser)));

        Assert.That(effects.MessagesTo<RunTask>(_agentId).Select(r => r.Task.TaskId.Value), Is.EqualTo(new[] { "as-nobody", "as-alice" }));
        Assert.That(effects.UpdatesTo(_framework.Id), Is.Empty);
    }

    [Test]
    public void A_reservation_for_a_role_the_principal_may_not_reserve_is_dropped()
    {
        SubscribeAsBob("prod");
        var offer = _master.AllocateOffersTo(_framework)[0];

        var effects = _master.Call(_framework, Accept(_framework.Id, offer.Id.Value, Reserve(Dynamic("cpus:1", "prod", "bob"))));

        Assert.That(effects.MessagesTo<CheckpointResources>(_agentId), Is.Empty);
        Assert.That(_master.Record(_framework).Stats.OperationsDropped, Is.EqualTo(1));
    }

    [Test]
    public void A_reservation_for_an_allowed_role_is_made_and_only_the_reservers_own_may_be_unreserved()
    {
        SubscribeAsBob("dev");
        var offer = _master.AllocateOffersTo(_framework)[0];

        var reserved = _master.Call(_framework, Accept(_framework.Id, offer.Id.Value,
            Reserve(Dynamic("cpus:1", "dev", "bob")), Reserve(Dynamic("mem:64", "dev", "carol"))));

        Assert.That(reserved.MessagesTo<CheckpointResources>(_agentId), Has.Count.EqualTo(2));
        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        var again = _master.AllocateOffersTo(_framework).Single(o => o.Resources.Any(r => r.Reservations.Count > 0));
        var unreserved = _master.Call(_framework, Accept(_framework.Id, again.Id.Value,
            Unreserve(Dynamic("cpus:1", "dev", "bob")), Unreserve(Dynamic("mem:64", "dev", "carol"))));
        Assert.That(unreserved.MessagesTo<CheckpointResources>(_agentId), Has.Count.EqualTo(1));
        Assert.That(_master.Record(_framework).Stats.OperationsDropped, Is.EqualTo(1));
    }
}
