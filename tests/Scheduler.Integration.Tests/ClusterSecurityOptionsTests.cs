using System.CommandLine;
using Scheduler.Cli.Commands;
using Scheduler.Cli.Hosting;

namespace Scheduler.Integration.Tests;

/// <summary><c>--cluster-secret-file</c> and the <c>--cluster-tls-*</c> options: read at start, a mistake named by its option.</summary>
[TestFixture]
public sealed class ClusterSecurityOptionsTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("sched-opts-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Without_options_there_is_no_secret_and_no_tls()
    {
        var (options, parse) = Parse();

        Assert.That(options.TryReadSecret(parse, out var secret, out _), Is.True);
        Assert.That(options.TryReadTls(parse, out var tls, out _), Is.True);
        Assert.That(secret, Is.Null);
        Assert.That(tls, Is.Null);
    }

    [Test]
    public void A_secret_file_too_short_is_refused_naming_the_option()
    {
        var path = Path.Combine(_directory, "secret");
        File.WriteAllText(path, "short\n");
        var (options, parse) = Parse("--cluster-secret-file", path);

        Assert.That(options.TryReadSecret(parse, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("--cluster-secret-file:").And.Contain("at least 16 bytes"));
    }

    [Test]
    public void A_certificate_with_its_password_and_validation_is_read()
    {
        var pfx = SecuredCluster.WriteSelfSignedPfx(_directory, "node", "right");
        var (options, parse) = Parse("--cluster-tls-certificate", pfx, "--cluster-tls-password", "right", "--cluster-tls-validation", "pinned");

        Assert.That(options.TryReadTls(parse, out var tls, out var error), Is.True, error);
        Assert.That(tls!.Validation, Is.EqualTo(ClusterTlsValidation.Pinned));
        Assert.That(tls.Certificate.HasPrivateKey, Is.True);
    }

    [Test]
    public void A_certificate_with_a_wrong_password_is_refused_naming_the_option()
    {
        var pfx = SecuredCluster.WriteSelfSignedPfx(_directory, "node", "right");
        var (options, parse) = Parse("--cluster-tls-certificate", pfx, "--cluster-tls-password", "wrong");

        Assert.That(options.TryReadTls(parse, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("--cluster-tls-certificate:").And.Contain("--cluster-tls-password"));
    }

    [Test]
    public void A_node_whose_tls_setting_differs_from_the_clusters_is_told_before_it_tries_to_join()
    {
        var tls = new ClusterTls(null!, ClusterTlsValidation.Pinned);

        Assert.That(ClusterSecurityOptions.TlsMismatch("akka.ssl.tcp://scheduler@10.0.0.1:5055", null), Does.Contain("uses TLS"));
        Assert.That(ClusterSecurityOptions.TlsMismatch("akka.tcp://scheduler@10.0.0.1:5055", tls), Does.Contain("does not use TLS"));
        Assert.That(ClusterSecurityOptions.TlsMismatch("akka.ssl.tcp://scheduler@10.0.0.1:5055", tls), Is.Null);
        Assert.That(ClusterSecurityOptions.TlsMismatch("akka.tcp://scheduler@10.0.0.1:5055", null), Is.Null);
    }

    private static (ClusterSecurityOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new ClusterSecurityOptions();
        var command = new RootCommand();
        foreach (var option in options.All) command.Options.Add(option);
        return (options, command.Parse(args));
    }
}
