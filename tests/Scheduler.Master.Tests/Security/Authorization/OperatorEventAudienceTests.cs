using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1;
using Task = Scheduler.Protocol.V1.Task;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>
/// Who hears an operator event, as Mesos's master decides per subscriber: alice may view alice's frameworks and
/// tasks, auditor every framework but only alice's tasks, nobody else anything.
/// </summary>
[TestFixture]
public sealed class OperatorEventAudienceTests
{
    private const string Acls = """
        {
          "view_frameworks": [
            {"principals": {"values": ["alice"]}, "users": {"values": ["alice"]}},
            {"principals": {"values": ["auditor"]}, "users": {"type": "ANY"}},
            {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}
          ],
          "view_tasks": [
            {"principals": {"values": ["alice", "auditor"]}, "users": {"values": ["alice"]}},
            {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}
          ]
        }
        """;

    private static readonly FrameworkInfo AlicesFramework = new() { User = "alice", Name = "a" };
    private static readonly FrameworkInfo BobsFramework = new() { User = "bob", Name = "b" };

    [TestCase("alice", "alice", true)]
    [TestCase("alice", "bob", false)]
    [TestCase("auditor", "bob", true)]
    [TestCase("bob", "bob", false)]
    [TestCase(null, "alice", false)]
    public void A_framework_event_is_heard_by_principals_who_may_view_the_framework(string? principal, string user, bool heard)
    {
        var audience = new OperatorEventAudience(Authorizer(), user == "alice" ? AlicesFramework : BobsFramework, null);

        Assert.That(audience.Includes(principal), Is.EqualTo(heard));
    }

    [Test]
    public void A_task_event_needs_the_framework_and_the_task_viewable()
    {
        var bobsTask = new OperatorEventAudience(Authorizer(), BobsFramework, new Task { Name = "t" });
        var alicesTaskOfBob = new OperatorEventAudience(Authorizer(), BobsFramework, new Task { Name = "t", User = "alice" });

        Assert.Multiple(() =>
        {
            Assert.That(bobsTask.Includes("auditor"), Is.False, "the task runs as its framework's user, bob");
            Assert.That(alicesTaskOfBob.Includes("auditor"), Is.True, "the task's own user decides");
            Assert.That(alicesTaskOfBob.Includes("alice"), Is.False, "alice may not view bob's framework");
        });
    }

    [Test]
    public void An_event_about_no_framework_is_heard_by_everyone()
    {
        var audience = new OperatorEventAudience(Authorizer(), null, null);

        Assert.That(new[] { "bob", null }.Select(audience.Includes), Is.All.True);
    }

    private static Authorizer Authorizer()
    {
        Assert.That(AclDocument.TryParse(Acls, out var acls, out var error), Is.True, error);
        return new Authorizer(acls!);
    }
}
