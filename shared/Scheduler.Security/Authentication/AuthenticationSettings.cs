namespace Scheduler.Security.Authentication;

/// <summary>
/// HTTP authentication of a server (the master, a framework's API): Basic against <see cref="Credentials"/>, and bearer
/// tokens (JWT HS256 whose <c>sub</c> is the principal) when <see cref="JwtSecret"/> is set.
/// </summary>
public sealed record AuthenticationSettings
{
    public const string DefaultRealm = "scheduler";

    public required IReadOnlyList<Credential> Credentials { get; init; }

    /// <summary>The key that signs bearer tokens; null accepts Basic only.</summary>
    public byte[]? JwtSecret { get; init; }

    public string Realm { get; init; } = DefaultRealm;
}
