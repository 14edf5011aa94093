using Microsoft.AspNetCore.Http;

namespace Scheduler.Security.Authentication;

/// <summary>The principal a request authenticated as; null when authentication is off.</summary>
public static class AuthenticatedPrincipal
{
    public static string? Of(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
}
