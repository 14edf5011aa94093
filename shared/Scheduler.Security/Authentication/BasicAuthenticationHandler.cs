using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Scheduler.Security.Authentication;

/// <summary>
/// HTTP Basic against the credentials file, secrets compared in constant time. No Authorization header is no result
/// (the request is then refused as "Missing credentials"); anything else that does not match fails with the reason.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<BasicAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BasicAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header)) return Task.FromResult(AuthenticateResult.NoResult());
        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return Fail(scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && !Options.BearerEnabled
                ? "Bearer tokens are not accepted by this server (it has no JWT secret); use Basic"
                : $"Unsupported authorization scheme '{scheme}'; use Basic or Bearer");

        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[(space + 1)..].Trim())); }
        catch (FormatException) { return Fail("Malformed Basic credentials: not base64"); }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return Fail("Malformed Basic credentials: expected 'principal:secret'");
        var principal = decoded[..colon];
        var secret = decoded[(colon + 1)..];

        if (!Matches(principal, secret)) return Fail($"Invalid credentials for principal '{principal}'");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, principal)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    private bool Matches(string principal, string secret)
    {
        var offered = Encoding.UTF8.GetBytes(secret);
        var matched = false;
        foreach (var credential in Options.Credentials)
        {
            var known = Encoding.UTF8.GetBytes(credential.Secret);
            var secretMatches = CryptographicOperations.FixedTimeEquals(offered, known);
            matched |= secretMatches && credential.Principal == principal;
        }
        return matched;
    }

    private static Task<AuthenticateResult> Fail(string reason) => Task.FromResult(AuthenticateResult.Fail(reason));
}
