using System.Net.Http.Headers;
using System.Text;

namespace Scheduler.Framework;

/// <summary>How a client authenticates to the master: a principal and secret (HTTP Basic), or a bearer token.</summary>
public sealed class SchedulerCredential
{
    private SchedulerCredential(string? principal, AuthenticationHeaderValue header)
    {
        Principal = principal;
        Header = header;
    }

    /// <summary>The principal for Basic; null for a token, whose principal is its subject.</summary>
    public string? Principal { get; }

    /// <summary>The <c>Authorization</c> header to send.</summary>
    public AuthenticationHeaderValue Header { get; }

    public static SchedulerCredential Basic(string principal, string secret) =>
        new(principal, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{principal}:{secret}"))));

    public static SchedulerCredential Bearer(string token) => new(null, new AuthenticationHeaderValue("Bearer", token));

    public override string ToString() => Principal is null ? "bearer token" : $"principal '{Principal}'";
}
