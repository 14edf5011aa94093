using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace Scheduler.Cli.Hosting;

/// <summary>TLS for the cluster's Akka.Remote traffic: this node's certificate and how it checks its peers'.</summary>
public sealed record ClusterTls(X509Certificate2 Certificate, ClusterTlsValidation Validation)
{
    /// <summary>With TLS on, Akka.NET's DotNetty transport names node addresses <c>akka.ssl.tcp://</c>.</summary>
    public const string AddressProtocol = "akka.ssl.tcp";

    /// <summary>The transport's settings: the certificate, mutual authentication, and the peer check.</summary>
    public DotNettySslSetup ToSslSetup() => Validation switch
    {
        ClusterTlsValidation.None => new DotNettySslSetup(Certificate, suppressValidation: true, requireMutualAuthentication: true),
        ClusterTlsValidation.Pinned => new DotNettySslSetup(Certificate, suppressValidation: false, requireMutualAuthentication: true,
            CertificateValidation.PinnedCertificate(Certificate.Thumbprint)),
        _ => new DotNettySslSetup(Certificate, suppressValidation: false, requireMutualAuthentication: true),
    };
}
