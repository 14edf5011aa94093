using Scheduler.Master.Allocation;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;

namespace Scheduler.Master.Security.Cluster;

/// <summary>
/// Decides whether an agent may register, as Mesos's <c>--authenticate_agents</c>: with a cluster secret
/// configured, a registration must carry a proof made with that secret for this very agent, no older (or newer)
/// than <see cref="MaxClockSkew"/>; without one, every agent may register.
/// </summary>
public sealed class AgentRegistrationAuthenticator(ClusterSecret? secret, IClock clock)
{
    /// <summary>How far the agent's clock and the master's may disagree; this also bounds a captured proof's replay.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public const string MissingProof =
        "Agent registration refused: the master requires the cluster secret (--cluster-secret-file) and the agent sent no proof of it";
    public const string InvalidSecret = "Agent registration refused: invalid cluster secret";
    public const string ProofOutOfWindow =
        "Agent registration refused: its proof of the cluster secret is more than 5 minutes away from the master's clock; check both clocks";

    public bool IsRequired => secret is not null;

    /// <summary>Why the registration is refused, or null when it may go on.</summary>
    public string? Refusal(ClusterSecretProof? proof, RegistrationClaims claims)
    {
        if (secret is null) return null;
        if (proof is null || proof.Hmac.IsEmpty) return MissingProof;
        if (!secret.Verifies(proof, claims)) return InvalidSecret;
        var now = clock.Now.ToUnixTimeMilliseconds();
        var skew = (long)MaxClockSkew.TotalMilliseconds;
        return proof.IssuedAtMs < now - skew || proof.IssuedAtMs > now + skew ? ProofOutOfWindow : null;
    }
}
