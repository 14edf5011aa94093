namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// The answer to one request: allowed or not, and the rule that decided — <c>register_frameworks[1]</c> (its 0-based
/// place in that action's list) or <c>permissive</c> when no rule matched.
/// </summary>
public sealed record AuthorizationDecision(bool Allowed, AclAction Action, int? RuleIndex, string? Principal)
{
    /// <summary>The rule that decided: <c>run_tasks[0]</c>, or <c>permissive = false</c> when none matched.</summary>
    public string Rule => RuleIndex is { } index ? $"{Action.Name}[{index}]" : $"permissive = {(Allowed ? "true" : "false")}";

    /// <summary>Why, for an answer: "denied by ACL register_frameworks[0] (principal 'bob')" or that no rule matched.</summary>
    public string Reason => RuleIndex is { } index
        ? $"{(Allowed ? "allowed" : "denied")} by ACL {Action.Name}[{index}] ({PrincipalText})"
        : $"no {Action.Name} rule matches {PrincipalText} and permissive is {(Allowed ? "true" : "false")}";

    private string PrincipalText => Principal is null ? "no principal" : $"principal '{Principal}'";
}
