namespace Scheduler.Resources;

/// <summary>Role names as used for reservations and allocations.</summary>
public static class RoleName
{
    /// <summary>The role of resources that are not reserved for anyone.</summary>
    public const string Unreserved = "*";

    private const string ForbiddenCharacters = "()[]{},;:\\";

    public static bool IsValid(string role) => Validate(role) is null;

    /// <summary>Whether <paramref name="role"/> lies below <paramref name="ancestor"/> in the role tree: <c>eng/batch</c> below <c>eng</c>.</summary>
    public static bool IsStrictSubrole(string role, string ancestor) =>
        role.Length > ancestor.Length + 1
        && role[ancestor.Length] == '/'
        && role.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>Returns why a name cannot be a role, or null when it can. <c>*</c> is valid.</summary>
    public static string? Validate(string role)
    {
        if (string.IsNullOrEmpty(role))
        {
            return "a role name must not be empty";
        }

        if (role == Unreserved)
        {
            return null;
        }

        if (role is "." or "..")
        {
            return $"'{role}' is not a valid role name";
        }

        if (role.StartsWith('-') || role.StartsWith('/') || role.EndsWith('/'))
        {
            return $"role '{role}' must not start with '-' or begin or end with '/'";
        }

        if (role.Any(char.IsWhiteSpace) || role.Any(char.IsControl))
        {
            return $"role '{role}' must not contain whitespace or control characters";
        }

        if (role.Contains('*') || role.IndexOfAny(ForbiddenCharacters.ToCharArray()) >= 0)
        {
            return $"role '{role}' must not contain any of the characters *{ForbiddenCharacters}";
        }

        return null;
    }
}
