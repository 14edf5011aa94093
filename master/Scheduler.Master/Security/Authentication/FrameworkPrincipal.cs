using Scheduler.Protocol.V1;

namespace Scheduler.Master.Security.Authentication;

/// <summary>
/// As Mesos's scheduler endpoint: an authenticated framework may leave <c>FrameworkInfo.principal</c> unset (it becomes
/// the authenticated one), may not name another, and every later call must come from the framework's principal.
/// </summary>
public static class FrameworkPrincipal
{
    /// <summary>Why a SUBSCRIBE's FrameworkInfo does not fit the authenticated principal, or null.</summary>
    public static string? Mismatch(string? authenticated, FrameworkInfo info) =>
        authenticated is not null && info.HasPrincipal && info.Principal != authenticated
            ? Describe(authenticated, info.Principal)
            : null;

    /// <summary>The info with the authenticated principal filled in where the framework set none.</summary>
    public static FrameworkInfo Fill(string? authenticated, FrameworkInfo info)
    {
        if (authenticated is null || info.HasPrincipal) return info;
        var filled = info.Clone();
        filled.Principal = authenticated;
        return filled;
    }

    /// <summary>Why a call from <paramref name="authenticated"/> may not act for a framework whose principal is given, or null.</summary>
    public static string? CallerMismatch(string? authenticated, FrameworkInfo framework) =>
        authenticated is not null && authenticated != framework.Principal ? Describe(authenticated, framework.Principal) : null;

    private static string Describe(string authenticated, string framework) =>
        $"Authenticated principal '{authenticated}' does not match principal '{framework}' set in `FrameworkInfo`";
}
