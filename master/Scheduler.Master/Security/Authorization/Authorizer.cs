namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// Mesos's local authorizer: an action's rules are tried in order and the first whose principals and objects both
/// cover the request decides — denied when either is NONE —; when none does, <see cref="AclDocument.Permissive"/>
/// decides. A request without a principal is covered only by ANY and NONE principals.
/// </summary>
public sealed class Authorizer(AclDocument acls)
{
    public AclDocument Acls { get; } = acls;

    /// <summary>
    /// May <paramref name="principal"/> (null: none) do <paramref name="action"/> on <paramref name="target"/>
    /// (a role, user, principal, agent or machine; null when the request names none, covered only by ANY and NONE)?
    /// </summary>
    public AuthorizationDecision Decide(AclAction action, string? principal, string? target)
    {
        var rules = Acls.RulesFor(action);
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            if (!rule.Principals.Covers(principal) || !rule.Objects.Covers(target, action.HierarchicalRoles)) continue;
            var allowed = rule.Principals.Type != AclEntityType.None && rule.Objects.Type != AclEntityType.None;
            return new AuthorizationDecision(allowed, action, index, principal);
        }
        return new AuthorizationDecision(Acls.Permissive, action, null, principal);
    }

    /// <summary>The first of several targets the principal may not act on, with the decision; null when all are allowed.</summary>
    public (string? Target, AuthorizationDecision Decision)? FirstDenied(AclAction action, string? principal, IEnumerable<string?> targets)
    {
        foreach (var target in targets)
        {
            var decision = Decide(action, principal, target);
            if (!decision.Allowed) return (target, decision);
        }
        return null;
    }
}
