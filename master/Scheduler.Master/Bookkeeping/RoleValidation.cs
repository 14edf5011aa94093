namespace Scheduler.Master.Bookkeeping;

/// <summary>Mesos's rules for role names.</summary>
public static class RoleValidation
{
    public static string? Validate(string role)
    {
        if (role == "*") return null;
        if (string.IsNullOrEmpty(role)) return "Role name must not be empty";
        if (role.StartsWith('/') || role.EndsWith('/')) return $"Role '{role}' cannot start or end with '/'";
        foreach (var part in role.Split('/'))
        {
            if (part is "." or "..") return $"Role '{role}' cannot contain '.' or '..' as a path segment";
            if (part.StartsWith('-')) return $"Role '{role}' path segments cannot start with '-'";
            if (part.Length == 0) return $"Role '{role}' cannot contain an empty path segment";
            if (part == "*") return $"Role '{role}' cannot contain '*' as a path segment";
            if (part.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'))
                return $"Role '{role}' contains an invalid character";
        }
        return null;
    }
}
