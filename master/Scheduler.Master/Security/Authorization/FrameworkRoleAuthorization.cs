using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// <c>register_frameworks</c> for SUBSCRIBE and UPDATE_FRAMEWORK: the framework's principal must be allowed every
/// role it asks for. Its principal is the authenticated one, else (authentication off) its <c>FrameworkInfo.principal</c>;
/// that the two agree is the authentication's check.
/// </summary>
public static class FrameworkRoleAuthorization
{
    /// <summary>Why the call may not go on (for a 403), or null when it may.</summary>
    public static string? Denial(Authorizer? authorizer, string? authenticatedPrincipal, Call call)
    {
        var info = call.Type switch
        {
            Call.Types.Type.Subscribe => call.Subscribe?.FrameworkInfo,
            Call.Types.Type.UpdateFramework => call.UpdateFramework?.FrameworkInfo,
            _ => null,
        };
        if (authorizer is null || info is null) return null;
        var principal = authenticatedPrincipal ?? PrincipalOf(info);
        var denied = authorizer.FirstDenied(AclAction.RegisterFrameworks, principal, FrameworkRecord.RolesOf(info));
        return denied is var (role, decision) ? $"Not authorized to use role '{role}': {decision.Reason}" : null;
    }

    /// <summary>The principal a framework gave itself, or null.</summary>
    public static string? PrincipalOf(FrameworkInfo info) => info.HasPrincipal && info.Principal.Length > 0 ? info.Principal : null;
}
