namespace Scheduler.Security.Authentication;

/// <summary>The names under which the authentication handlers of an HTTP server are registered.</summary>
public static class AuthenticationSchemes
{
    /// <summary>Picks <see cref="Bearer"/> for <c>Authorization: Bearer …</c> when tokens are on, else <see cref="Basic"/>.</summary>
    public const string Selector = "scheduler";
    public const string Basic = "Basic";
    public const string Bearer = "Bearer";
}
