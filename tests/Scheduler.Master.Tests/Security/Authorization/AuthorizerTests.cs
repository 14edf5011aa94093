using Scheduler.Master.Security.Authorization;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>Mesos's local authorizer semantics, for every action: first matching rule decides, else permissive.</summary>
[TestFixture]
public sealed class AuthorizerTests
{
    private static IEnumerable<AclAction> Actions => AclAction.All;

    [TestCaseSource(nameof(Actions))]
    public void A_rule_listing_the_principal_and_the_object_allows(AclAction action)
    {
        var decision = For(action, false, new AclRule(AclEntity.Of("bob"), AclEntity.Of("x", "y"))).Decide(action, "bob", "y");

        Assert.That((decision.Allowed, decision.Rule), Is.EqualTo((true, $"{action.Name}[0]")));
    }

    [TestCaseSource(nameof(Actions))]
    public void A_rule_whose_objects_are_none_denies_and_is_named(AclAction action)
    {
        var decision = For(action, true, new AclRule(AclEntity.Of("bob"), AclEntity.None)).Decide(action, "bob", "y");

        Assert.That((decision.Allowed, decision.Rule), Is.EqualTo((false, $"{action.Name}[0]")));
        Assert.That(decision.Reason, Is.EqualTo($"denied by ACL {action.Name}[0] (principal 'bob')"));
    }

    [TestCaseSource(nameof(Actions))]
    public void Without_a_matching_rule_permissive_false_denies(AclAction action)
    {
        var decision = For(action, false, new AclRule(AclEntity.Of("alice"), AclEntity.Any)).Decide(action, "bob", "y");

        Assert.That((decision.Allowed, decision.Rule), Is.EqualTo((false, "permissive = false")));
        Assert.That(decision.Reason, Is.EqualTo($"no {action.Name} rule matches principal 'bob' and permissive is false"));
    }

    [TestCaseSource(nameof(Actions))]
    public void Without_a_matching_rule_permissive_true_allows(AclAction action)
    {
        var decision = For(action, true, new AclRule(AclEntity.Of("alice"), AclEntity.None)).Decide(action, "bob", "y");

        Assert.That((decision.Allowed, decision.Rule), Is.EqualTo((true, "permissive = true")));
    }

    [TestCaseSource(nameof(Actions))]
    public void Any_covers_every_principal_and_object_and_the_first_matching_rule_wins(AclAction action)
    {
        var authorizer = For(action, false,
            new AclRule(AclEntity.Of("carol"), AclEntity.Any),
            new AclRule(AclEntity.Any, AclEntity.Of("y")),
            new AclRule(AclEntity.Any, AclEntity.None));

        Assert.Multiple(() =>
        {
            Assert.That(authorizer.Decide(action, "bob", "y").Rule, Is.EqualTo($"{action.Name}[1]"));
            Assert.That(authorizer.Decide(action, "bob", "y").Allowed, Is.True);
            Assert.That(authorizer.Decide(action, "bob", "z").Rule, Is.EqualTo($"{action.Name}[2]"));
            Assert.That(authorizer.Decide(action, "bob", "z").Allowed, Is.False);
            Assert.That(authorizer.Decide(action, "carol", "z").Allowed, Is.True);
        });
    }

    [TestCaseSource(nameof(Actions))]
    public void A_request_without_a_principal_matches_only_any_and_none_principals(AclAction action)
    {
        var authorizer = For(action, true,
            new AclRule(AclEntity.Of("bob"), AclEntity.Any),
            new AclRule(AclEntity.None, AclEntity.Of("secret")),
            new AclRule(AclEntity.Any, AclEntity.Of("y")));

        Assert.Multiple(() =>
        {
            Assert.That(authorizer.Decide(action, null, "secret").Rule, Is.EqualTo($"{action.Name}[1]"));
            Assert.That(authorizer.Decide(action, null, "secret").Allowed, Is.False);
            Assert.That(authorizer.Decide(action, null, "y").Rule, Is.EqualTo($"{action.Name}[2]"));
            Assert.That(authorizer.Decide(action, null, "other").Rule, Is.EqualTo("permissive = true"));
            Assert.That(authorizer.Decide(action, null, "secret").Reason, Does.Contain("(no principal)"));
        });
    }

    [Test]
    public void Rules_of_one_action_do_not_decide_another()
    {
        var authorizer = For(AclAction.RunTasks, false, new AclRule(AclEntity.Any, AclEntity.Any));

        Assert.That(authorizer.Decide(AclAction.RegisterFrameworks, "bob", "prod").Rule, Is.EqualTo("permissive = false"));
    }

    [Test]
    public void A_request_naming_no_object_matches_only_any_and_none_objects()
    {
        var authorizer = For(AclAction.TeardownFrameworks, true,
            new AclRule(AclEntity.Any, AclEntity.Of("ops")),
            new AclRule(AclEntity.Any, AclEntity.None));

        Assert.That(authorizer.Decide(AclAction.TeardownFrameworks, "bob", null).Rule, Is.EqualTo("teardown_frameworks[1]"));
    }

    [Test]
    public void A_role_ending_in_slash_percent_covers_the_roles_below_it_but_not_itself_for_role_actions_only()
    {
        var roles = For(AclAction.RegisterFrameworks, false, new AclRule(AclEntity.Of("bob"), AclEntity.Of("eng/%")));
        var users = For(AclAction.RunTasks, false, new AclRule(AclEntity.Of("bob"), AclEntity.Of("eng/%")));

        Assert.Multiple(() =>
        {
            Assert.That(roles.Decide(AclAction.RegisterFrameworks, "bob", "eng/batch").Allowed, Is.True);
            Assert.That(roles.Decide(AclAction.RegisterFrameworks, "bob", "eng/batch/nightly").Allowed, Is.True);
            Assert.That(roles.Decide(AclAction.RegisterFrameworks, "bob", "eng").Allowed, Is.False);
            Assert.That(roles.Decide(AclAction.RegisterFrameworks, "bob", "engineering").Allowed, Is.False);
            Assert.That(users.Decide(AclAction.RunTasks, "bob", "eng/batch").Allowed, Is.False);
        });
    }

    [Test]
    public void First_denied_names_the_first_target_refused()
    {
        var authorizer = For(AclAction.RegisterFrameworks, true, new AclRule(AclEntity.Of("bob"), AclEntity.None));

        var denied = authorizer.FirstDenied(AclAction.RegisterFrameworks, "bob", ["dev", "prod"]);
        var none = For(AclAction.RegisterFrameworks, true).FirstDenied(AclAction.RegisterFrameworks, "bob", ["dev", "prod"]);

        Assert.That(denied?.Target, Is.EqualTo("dev"));
        Assert.That(none, Is.Null);
    }

    private static Authorizer For(AclAction action, bool permissive, params AclRule[] rules) =>
        new(new AclDocument(permissive, new Dictionary<AclAction, IReadOnlyList<AclRule>> { [action] = rules }));
}
