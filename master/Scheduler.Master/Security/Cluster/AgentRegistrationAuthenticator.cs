using Scheduler.Master.Allocation;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;

namespace Scheduler.Master.Security.Cluster;

/// <summary>
/// Decides whether an agent may register, as Mesos's <c>--authenticate_agents</c>: with a cluster secret
/// configured, a registration must carry a proof made with that secret for this very agent, no older (or newer)
/// than <see cref="MaxClockSkew"/>, whose nonce this master has not accepted before; without one, every agent may
/// register. A new master remembers no nonces, which is safe: agents make a fresh proof for every attempt.
/// </summary>
public sealed class AgentRegistrationAuthenticator(ClusterSecret? secret, IClock clock)
{
    /// <summary>How far the agent's clock and the master's may disagree; also how long an accepted nonce is remembered.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public const string MissingProof =
        "Agent registration refused: the master requires the cluster secret (--cluster-secret-file) and the agent sent no proof of it";
    public const string InvalidSecret = "Agent registration refused: invalid cluster secret";
    public const string ProofOutOfWindow =
        "Agent registration refused: its proof of the cluster secret is more than 5 minutes away from the master's clock; check both clocks";
    public const string MissingNonce =
        "Agent registration refused: its proof of the cluster secret carries no nonce; the agent is older than the master";
    public const string ReplayedProof =
        "Agent registration refused: its proof of the cluster secret was used before (a replayed registration)";

    private readonly ProofNonceCache _acceptedNonces = new();

    public bool IsRequired => secret is not null;

    /// <summary>Why the registration is refused, or null when it may go on.</summary>
    public string? Refusal(ClusterSecretProof? proof, RegistrationClaims claims)
    {
        if (secret is null) return null;
        if (proof is null || proof.Hmac.IsEmpty) return MissingProof;
        if (proof.Nonce.Length < ClusterSecret.NonceLength) return MissingNonce;
        if (!secret.Verifies(proof, claims)) return InvalidSecret;
        var now = clock.Now;
        var skew = (long)MaxClockSkew.TotalMilliseconds;
        var nowMs = now.ToUnixTimeMilliseconds();
        if (proof.IssuedAtMs < nowMs - skew || proof.IssuedAtMs > nowMs + skew) return ProofOutOfWindow;
        // The window is checked in whole milliseconds: keep the nonce until the last of them has passed.
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(proof.IssuedAtMs + skew + 1);
        return _acceptedNonces.TryAdd(proof.Nonce.Span, expiresAt, now) ? null : ReplayedProof;
    }
}
