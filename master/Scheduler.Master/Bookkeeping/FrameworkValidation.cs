using Scheduler.Protocol.V1;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Checks a framework's info on SUBSCRIBE, with Mesos's messages.</summary>
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
}
