namespace Scheduler.Cli.Hosting;

/// <summary>How a node checks the certificate its cluster peer presents in the TLS handshake (both ways: mutual TLS).</summary>
public enum ClusterTlsValidation
{
    /// <summary>The peer's certificate chains to a root this machine trusts.</summary>
    Chain,

    /// <summary>The peer presents the very certificate this node has: a cluster sharing one (self-signed) certificate.</summary>
    Pinned,

    /// <summary>Any certificate: traffic is encrypted but peers are not authenticated. For trying things out only.</summary>
    None,
}
