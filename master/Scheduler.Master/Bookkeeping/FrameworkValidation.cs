using Scheduler.Protocol.V1;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Checks a framework's info on SUBSCRIBE and UPDATE_FRAMEWORK, and the roles calls name, with Mesos's messages.</summary>
public static class FrameworkValidation
{
    public static string? Validate(FrameworkInfo? info)
    {
        if (info is null) return "Expecting 'framework_info' to be present";
        if (!info.HasUser) return "Expecting 'framework_info.user' to be present";
        if (!info.HasName) return "Expecting 'framework_info.name' to be present";
        if (info.HasRole && info.Roles.Count > 0) return "'framework_info.role' and 'framework_info.roles' cannot both be set";
        foreach (var role in info.Roles.Append(info.HasRole ? info.Role : "*"))
        {
            var invalid = RoleValidation.Validate(role);
            if (invalid is not null) return invalid;
        }
        if (info.HasFailoverTimeout && (double.IsNaN(info.FailoverTimeout) || info.FailoverTimeout < 0))
            return "'framework_info.failover_timeout' must be a non-negative number of seconds";
        return null;
    }

    /// <summary>
    /// Whether a framework may change its info from <paramref name="old"/> to <paramref name="updated"/>:
    /// its principal, user and checkpointing are fixed once it subscribed.
    /// </summary>
    public static string? ValidateUpdate(FrameworkInfo old, FrameworkInfo updated)
    {
        var oldPrincipal = old.HasPrincipal ? old.Principal : null;
        var newPrincipal = updated.HasPrincipal ? updated.Principal : null;
        if (oldPrincipal != newPrincipal) return "Changing framework's principal is not allowed.";
        if (old.User != updated.User)
            return $"Updating 'FrameworkInfo.user' is unsupported; attempted to update from '{old.User}' to '{updated.User}'";
        if (old.Checkpoint != updated.Checkpoint)
            return "Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from "
                + $"'{Lower(old.Checkpoint)}' to '{Lower(updated.Checkpoint)}'";
        return null;
    }

    /// <summary>Suppressed roles of a SUBSCRIBE or UPDATE_FRAMEWORK must be roles of the framework.</summary>
    public static string? ValidateSuppressedRoles(IReadOnlyCollection<string> roles, IEnumerable<string> suppressedRoles)
    {
        var outside = suppressedRoles.Where(role => !roles.Contains(role)).Distinct().Order(StringComparer.Ordinal).ToList();
        return outside.Count == 0
            ? null
            : $"Suppressed roles {{ {string.Join(", ", outside)} }} are not contained in the set of roles";
    }

    /// <summary>
    /// The roles a SUPPRESS or REVIVE names must be valid and among the framework's roles; if one is not,
    /// the whole call is refused. <paramref name="call"/> is "suppression" or "revive".
    /// </summary>
    public static string? ValidateCallRoles(string call, IEnumerable<string> roles, IReadOnlyCollection<string> subscribedRoles)
    {
        foreach (var role in roles)
        {
            var invalid = RoleValidation.Validate(role);
            if (invalid is not null) return $"{call} role '{role}' is invalid: {invalid}";
            if (!subscribedRoles.Contains(role)) return $"{call} role '{role}' is not one of the framework's subscribed roles";
        }
        return null;
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
