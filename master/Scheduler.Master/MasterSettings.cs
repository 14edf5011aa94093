using Scheduler.Master.Metrics;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Security.Limits;
using Scheduler.Security.Authentication;

namespace Scheduler.Master;

/// <summary>How a master runs: its identity, where it listens and how often it allocates.</summary>
public sealed record MasterSettings
{
    public string Hostname { get; init; } = "127.0.0.1";
    public int HttpPort { get; init; } = 5050;
    public string ClusterAddress { get; init; } = "";
    public TimeSpan AllocationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an agent's node may stay unreachable before the master marks the agent unreachable; Mesos's
    /// <c>--agent_ping_timeout</c> × <c>--max_agent_ping_timeouts</c> (15 s × 5). Its offers are rescinded at once.
    /// </summary>
    public TimeSpan AgentUnreachableTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Rescind offers unanswered this long (Mesos's <c>--offer_timeout</c>); none by default.</summary>
    public TimeSpan? OfferTimeout { get; init; }
    public string Version { get; init; } = "0.1.0";

    /// <summary>When set, only agents proving they hold this secret may register (Mesos's <c>--authenticate_agents</c>).</summary>
    public Scheduler.Protocol.Security.ClusterSecret? ClusterSecret { get; init; }

    /// <summary>Sizes, timeouts and rate limits of the HTTP APIs.</summary>
    public ApiLimits ApiLimits { get; init; } = ApiLimits.Default;

    /// <summary>Who may do what, by Mesos's ACLs (<c>--acls</c>); null allows everything.</summary>
    public Authorizer? Authorizer { get; init; }

    /// <summary>Where the leading master publishes its metrics; the node's HTTP server serves them.</summary>
    public MasterMetrics? Metrics { get; init; }

    /// <summary>HTTP authentication (Basic, and bearer tokens); null leaves every endpoint open.</summary>
    public AuthenticationSettings? Authentication { get; init; }
}
