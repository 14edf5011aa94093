using Microsoft.AspNetCore.Authentication;

namespace Scheduler.Security.Authentication;

public sealed class BasicAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<Credential> Credentials { get; set; } = [];

    /// <summary>Whether the server also takes bearer tokens; only changes what a Bearer header sent here is told.</summary>
    public bool BearerEnabled { get; set; }
}
