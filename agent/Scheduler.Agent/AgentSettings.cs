using Scheduler.Agent.Containers;

namespace Scheduler.Agent;

/// <summary>How an agent runs: where it keeps sandboxes, how it is reached, what it offers.</summary>
public sealed record AgentSettings
{
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "scheduler-agent");
    public string Hostname { get; init; } = "127.0.0.1";
    public int HttpPort { get; init; } = 5051;
    public string? Resources { get; init; }
    public TimeSpan RegistrationRetry { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan DefaultKillGracePeriod { get; init; } = TimeSpan.FromSeconds(3);
    public string Version { get; init; } = "0.1.0";

    /// <summary>Whether stopping the agent actor kills its tasks; when false they keep running for the next agent
    /// process on the same work directory to recover, as after a crash.</summary>
    public bool KillTasksOnStop { get; init; } = true;

    /// <summary><c>cgroups</c> and/or <c>docker</c>; null: cgroups, and Docker too when an engine answers.</summary>
    public IReadOnlyList<string>? Containerizers { get; init; }

    /// <summary>The Docker engine's unix socket; null: <c>$SCHED_DOCKER_SOCKET</c> or the usual places.</summary>
    public string? DockerSocket { get; init; }

    public TimeSpan DockerPullTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The secret the masters require of agents; each (re-)registration carries a proof of it.</summary>
    public Scheduler.Protocol.Security.ClusterSecret? ClusterSecret { get; init; }

    /// <summary>HTTP authentication of the agent's endpoints (every one but <c>/health</c>); null leaves them open.</summary>
    public Scheduler.Security.Authentication.AuthenticationSettings? Authentication { get; init; }

    /// <summary>How long each URI of a task's command may take to fetch before the task fails.</summary>
    public TimeSpan FetchTimeout { get; init; } = Fetching.UriFetcher.DefaultTimeout;

    /// <summary>The most bytes the fetch cache keeps (Mesos's <c>--fetcher_cache_size</c>), least recently used out first.</summary>
    public long FetcherCacheSizeBytes { get; init; } = Fetching.FetchCache.DefaultCapacityBytes;

    /// <summary>The most processes (and threads) a container may hold unless its task's <c>pids_limit</c> label says
    /// otherwise; 0 sets no limit.</summary>
    public long ContainerPidsLimit { get; init; } = 4096;

    /// <summary>The namespaces each cgroups container gets of its own (Mesos's <c>namespaces/pid</c> isolation).</summary>
    public NamespaceIsolation IsolationNamespaces { get; init; } = NamespaceIsolation.None;

    /// <summary>How long a finished task's sandbox is kept at most; less as the disk fills (Mesos's <c>--gc_delay</c>).</summary>
    public TimeSpan GcDelay { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The share of the disk to keep free: at this much less than full, sandboxes go at once.</summary>
    public double GcDiskHeadroom { get; init; } = 0.1;

    /// <summary>How often the disk is checked and due sandboxes are removed.</summary>
    public TimeSpan DiskWatchInterval { get; init; } = TimeSpan.FromMinutes(1);
}
