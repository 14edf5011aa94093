using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Scheduler.Cli.Hosting;
using Scheduler.Protocol.Security;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The options that keep strangers out of the cluster: <c>--cluster-secret-file</c> (agents register only with a proof
/// of the shared secret) and <c>--cluster-tls-certificate</c>, <c>--cluster-tls-password</c>,
/// <c>--cluster-tls-validation</c> (Akka.Remote traffic over mutual TLS). All off unless given.
/// </summary>
public sealed class ClusterSecurityOptions
{
    public const string SecretFileVariable = "SCHED_CLUSTER_SECRET_FILE";
    public const string TlsCertificateVariable = "SCHED_CLUSTER_TLS_CERTIFICATE";
    public const string TlsPasswordVariable = "SCHED_CLUSTER_TLS_PASSWORD";

    public Option<string?> SecretFile { get; } = new("--cluster-secret-file")
    {
        Description = $"A file holding the secret (at least {ClusterSecret.MinimumLength} bytes) that agents must prove to register; " +
            $"give the masters and agents the same (default: ${SecretFileVariable}; none: agents are not authenticated)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SecretFileVariable),
    };

    public Option<string?> TlsCertificate { get; } = new("--cluster-tls-certificate")
    {
        Description = $"A PKCS#12 (.pfx) certificate with its private key: cluster traffic goes over mutual TLS " +
            $"(default: ${TlsCertificateVariable}; none: plain TCP)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TlsCertificateVariable),
    };

    public Option<string?> TlsPassword { get; } = new("--cluster-tls-password")
    {
        Description = $"The password of --cluster-tls-certificate (default: ${TlsPasswordVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TlsPasswordVariable),
    };

    public Option<ClusterTlsValidation> TlsValidation { get; } = new("--cluster-tls-validation")
    {
        Description = "How peers' certificates are checked: chain (to a root this machine trusts), pinned (the same " +
            "certificate as this node's, for one self-signed certificate shared by the cluster), none (encryption only, insecure)",
        DefaultValueFactory = _ => ClusterTlsValidation.Chain,
    };

    public IEnumerable<Option> All => [SecretFile, TlsCertificate, TlsPassword, TlsValidation];

    /// <summary>The cluster secret, or null when none is configured; false with the option's error when it cannot be read.</summary>
    public bool TryReadSecret(ParseResult parse, out ClusterSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        error = null;
        if (string.IsNullOrEmpty(parse.GetValue(SecretFile)) || parse.GetValue(SecretFile) is not { } path) return true;
        try
        {
            secret = ClusterSecret.FromFile(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"--cluster-secret-file: cannot use {path}: {e.Message}";
            return false;
        }
    }

    /// <summary>Why a node with these TLS settings cannot join the cluster at this seed address, or null when it can try.</summary>
    public static string? TlsMismatch(string seed, ClusterTls? tls)
    {
        var seedUsesTls = seed.StartsWith($"{ClusterTls.AddressProtocol}://", StringComparison.Ordinal);
        if (seedUsesTls && tls is null)
            return $"the cluster at {seed} uses TLS; give this node --cluster-tls-certificate (and --cluster-tls-password) too";
        if (!seedUsesTls && tls is not null)
            return $"the cluster at {seed} does not use TLS; start its masters with --cluster-tls-certificate, or leave it out here";
        return null;
    }

    /// <summary>The TLS settings, or null when no certificate is given; false with the option's error when it cannot be used.</summary>
    public bool TryReadTls(ParseResult parse, out ClusterTls? tls, [NotNullWhen(false)] out string? error)
    {
        tls = null;
        error = null;
        if (string.IsNullOrEmpty(parse.GetValue(TlsCertificate)) || parse.GetValue(TlsCertificate) is not { } path) return true;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, parse.GetValue(TlsPassword));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"--cluster-tls-certificate: cannot read {path} (a PKCS#12 file; is --cluster-tls-password right?): {e.Message}";
            return false;
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            error = $"--cluster-tls-certificate: {path} holds no private key; export the certificate with its key (openssl pkcs12 -export)";
            return false;
        }
        tls = new ClusterTls(certificate, parse.GetValue(TlsValidation));
        return true;
    }
}
