namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// One kind of request the ACLs rule on, named as in Mesos's <c>--acls</c>: the list of rules it reads and the field
/// that names the rule's objects (roles, users, principals, agents or machines).
/// </summary>
public sealed record AclAction(string Name, string ObjectField, bool HierarchicalRoles = false)
{
    public static readonly AclAction RegisterFrameworks = new("register_frameworks", "roles", HierarchicalRoles: true);
    public static readonly AclAction RunTasks = new("run_tasks", "users");
    public static readonly AclAction TeardownFrameworks = new("teardown_frameworks", "framework_principals");
    public static readonly AclAction ViewFrameworks = new("view_frameworks", "users");
    public static readonly AclAction ViewTasks = new("view_tasks", "users");
    public static readonly AclAction ReserveResources = new("reserve_resources", "roles", HierarchicalRoles: true);
    public static readonly AclAction UnreserveResources = new("unreserve_resources", "reserver_principals");
    public static readonly AclAction UpdateQuotas = new("update_quotas", "roles", HierarchicalRoles: true);
    public static readonly AclAction UpdateWeights = new("update_weights", "roles", HierarchicalRoles: true);
    public static readonly AclAction DrainAgents = new("drain_agents", "agents");
    public static readonly AclAction DeactivateAgents = new("deactivate_agents", "agents");
    public static readonly AclAction ReactivateAgents = new("reactivate_agents", "agents");
    public static readonly AclAction MarkAgentsGone = new("mark_agents_gone", "agents");
    public static readonly AclAction UpdateMaintenanceSchedules = new("update_maintenance_schedules", "machines");
    public static readonly AclAction StartMaintenances = new("start_maintenances", "machines");
    public static readonly AclAction StopMaintenances = new("stop_maintenances", "machines");

    /// <summary>The field of every rule that names who asks.</summary>
    public const string SubjectField = "principals";

    public static IReadOnlyList<AclAction> All { get; } =
    [
        RegisterFrameworks, RunTasks, TeardownFrameworks, ViewFrameworks, ViewTasks, ReserveResources, UnreserveResources,
        UpdateQuotas, UpdateWeights, DrainAgents, DeactivateAgents, ReactivateAgents, MarkAgentsGone,
        UpdateMaintenanceSchedules, StartMaintenances, StopMaintenances,
    ];

    public static AclAction? Named(string name) => All.FirstOrDefault(action => action.Name == name);

    public override string ToString() => Name;
}
