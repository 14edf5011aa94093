using Scheduler.Protocol.V1;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// The checks of an ACCEPT's operations against the framework's <c>FrameworkInfo.principal</c>, as Mesos's master:
/// <c>run_tasks</c> for each task's user, <c>reserve_resources</c> for each reserved role and
/// <c>unreserve_resources</c> for the principal of each reservation given back. Each returns why not, or null.
/// </summary>
public static class OfferOperationAuthorization
{
    public static string? LaunchDenial(Authorizer? authorizer, FrameworkInfo framework, TaskInfo task) =>
        authorizer is null ? null : UserDenial(authorizer, framework, [UserOf(task, framework)]);

    /// <summary>A task group runs as its tasks' users and its executor's; any one denied denies the group.</summary>
    public static string? LaunchGroupDenial(Authorizer? authorizer, FrameworkInfo framework, Offer.Types.Operation.Types.LaunchGroup launch)
    {
        if (authorizer is null) return null;
        var tasks = launch.TaskGroup is { } group ? group.Tasks : [];
        var users = tasks.Select(task => UserOf(task, framework)).Prepend(ExecutorUser(launch.Executor) ?? framework.User);
        return UserDenial(authorizer, framework, users.Distinct());
    }

    public static string? ReserveDenial(Authorizer? authorizer, string? principal, IEnumerable<Resource> resources)
    {
        var denied = authorizer?.FirstDenied(AclAction.ReserveResources, principal, resources.Select(ReservationRole).Distinct());
        return denied is var (role, decision) ? $"Not authorized to reserve resources for role '{role}': {decision.Reason}" : null;
    }

    public static string? UnreserveDenial(Authorizer? authorizer, string? principal, IEnumerable<Resource> resources)
    {
        var denied = authorizer?.FirstDenied(AclAction.UnreserveResources, principal, resources.Select(ReserverPrincipal).Distinct());
        return denied is var (reserver, decision)
            ? $"Not authorized to unreserve resources reserved by {(reserver is null ? "no principal" : $"principal '{reserver}'")}: {decision.Reason}"
            : null;
    }

    /// <summary>The user a task runs as: its command's, else its executor's, else its framework's (Mesos's order).</summary>
    public static string UserOf(TaskInfo task, FrameworkInfo framework) =>
        task.Command is { HasUser: true } command ? command.User : ExecutorUser(task.Executor) ?? framework.User;

    private static string? ExecutorUser(ExecutorInfo? executor) =>
        executor?.Command is { HasUser: true } command ? command.User : null;

    private static string? UserDenial(Authorizer authorizer, FrameworkInfo framework, IEnumerable<string> users)
    {
        var denied = authorizer.FirstDenied(AclAction.RunTasks, FrameworkRoleAuthorization.PrincipalOf(framework), users);
        return denied is var (user, decision) ? $"Not authorized to launch as user '{user}': {decision.Reason}" : null;
    }

    /// <summary>The role a resource is reserved for: its last reservation's, else its legacy role.</summary>
    private static string? ReservationRole(Resource resource) =>
        resource.Reservations.Count > 0 ? resource.Reservations[^1].Role : resource.HasRole ? resource.Role : null;

    /// <summary>Who made a reservation: its last reservation's principal, else the legacy one; null when none is recorded.</summary>
    private static string? ReserverPrincipal(Resource resource)
    {
        var reservation = resource.Reservations.Count > 0 ? resource.Reservations[^1] : null;
        if (reservation is { HasPrincipal: true }) return reservation.Principal;
        return reservation is null && resource.Reservation is { HasPrincipal: true } legacy ? legacy.Principal : null;
    }
}
