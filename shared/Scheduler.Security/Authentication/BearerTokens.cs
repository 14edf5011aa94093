using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Scheduler.Security.Authentication;

/// <summary>Bearer tokens: JWTs signed with HMAC-SHA256 by a shared secret, <c>sub</c> the principal, <c>exp</c> required.</summary>
public static class BearerTokens
{
    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumSecretBytes = 32;

    public const string PrincipalClaim = JwtRegisteredClaimNames.Sub;

    /// <summary>The secret in the file, without trailing white space; too short or unreadable throws.</summary>
    public static byte[] LoadSecret(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{path}: cannot read the secret file: {e.Message}");
        }
        var secret = Encoding.UTF8.GetBytes(text.TrimEnd());
        if (secret.Length < MinimumSecretBytes)
            throw new CredentialsFileException($"{path}: the secret is {secret.Length} bytes; HS256 needs at least {MinimumSecretBytes}");
        return secret;
    }

    public static string Create(string principal, byte[] secret, TimeSpan lifetime, DateTimeOffset now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(PrincipalClaim, principal)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static TokenValidationParameters ValidationParameters(byte[] secret) => new()
    {
        IssuerSigningKey = new SymmetricSecurityKey(secret),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = PrincipalClaim,
    };
}
