namespace Scheduler.Master.Security.Authorization;

/// <summary>What an ACL entity stands for, as Mesos's <c>ACL.Entity.Type</c>: the listed values, anyone, or no one.</summary>
public enum AclEntityType
{
    Some,
    Any,
    None,
}
