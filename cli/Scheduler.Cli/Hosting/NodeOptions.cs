namespace Scheduler.Cli.Hosting;

/// <summary>Where one node of the cluster listens and whom it joins.</summary>
public sealed record NodeOptions
{
    public const string SystemName = "scheduler";

    public required IReadOnlyList<string> Roles { get; init; }
    public string Hostname { get; init; } = "127.0.0.1";
    public int ClusterPort { get; init; }
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public string? RegistryPath { get; init; }

    /// <summary>A PostgreSQL connection string; when set, the registry lives in that database instead of <see cref="RegistryPath"/>.</summary>
    public string? RegistryConnection { get; init; }

    public ClusterTimings Timings { get; init; } = new();

    /// <summary>A HOCON file whose settings win over the generated ones, e.g. to tune <c>akka.cluster</c> timings.</summary>
    public string? ClusterConfigFile { get; init; }

    /// <summary>When set, Akka.Remote traffic is TLS-encrypted with mutual authentication.</summary>
    public ClusterTls? Tls { get; init; }

    public string SelfAddress => $"{(Tls is null ? "akka.tcp" : ClusterTls.AddressProtocol)}://{SystemName}@{Hostname}:{ClusterPort}";
}
