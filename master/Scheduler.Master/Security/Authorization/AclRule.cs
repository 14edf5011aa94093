namespace Scheduler.Master.Security.Authorization;

/// <summary>One entry of an action's ACL list: who (<see cref="Principals"/>) may or may not act on what (<see cref="Objects"/>).</summary>
public sealed record AclRule(AclEntity Principals, AclEntity Objects);
