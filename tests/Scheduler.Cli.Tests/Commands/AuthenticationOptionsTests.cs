using System.CommandLine;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Tests.Commands;

[TestFixture]
public sealed class AuthenticationOptionsTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("sched-authn-options-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Without_credentials_authentication_is_off()
    {
        var (options, parse) = Parse();
        Assert.That(options.TryRead(parse, out var settings, out var error), Is.True, error);
        Assert.That(settings, Is.Null);
    }

    [Test]
    public void A_jwt_secret_alone_is_refused()
    {
        var (options, parse) = Parse("--jwt-secret-file", File("secret", new string('x', 40)));
        Assert.That(options.TryRead(parse, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("--jwt-secret-file: needs --credentials"));
    }

    [Test]
    public void A_bad_credentials_file_names_the_option_and_the_line()
    {
        var (options, parse) = Parse("--credentials", File("credentials", "ops s3cret\nbroken\n"));
        Assert.That(options.TryRead(parse, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("--credentials: ").And.Contain("line 2:"));
    }

    [Test]
    public void A_short_jwt_secret_names_its_option()
    {
        var (options, parse) = Parse("--credentials", File("credentials", "ops s3cret\n"), "--jwt-secret-file", File("secret", "short"));
        Assert.That(options.TryRead(parse, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("--jwt-secret-file: ").And.Contain("at least 32"));
    }

    [Test]
    public void In_process_clients_use_the_principal_asked_for_else_the_first_credential()
    {
        var credentials = File("credentials", "ops s3cret\nbatch b4tch\n");
        var (options, parse) = Parse("--credentials", credentials);
        Assert.That(options.TryRead(parse, out var settings, out _), Is.True);
        Assert.That(AuthenticationOptions.ForInProcessClients(settings, parse)!.Principal, Is.EqualTo("ops"));

        var (chosenOptions, chosen) = Parse("--credentials", credentials, "--principal", "batch");
        Assert.That(chosenOptions.TryRead(chosen, out var chosenSettings, out _), Is.True);
        var credential = AuthenticationOptions.ForInProcessClients(chosenSettings, chosen)!;
        Assert.That(credential.Principal, Is.EqualTo("batch"));
        Assert.That(credential.Header.Parameter, Is.EqualTo(Convert.ToBase64String("batch:b4tch"u8.ToArray())));
    }

    [Test]
    public void A_token_wins_over_a_principal_and_secret()
    {
        var (_, parse) = Parse("--principal", "ops", "--secret", "s3cret", "--token", "abc");
        var credential = CliCredentials.From(parse).Credential!;
        Assert.That(credential.Header.Scheme, Is.EqualTo("Bearer"));
        Assert.That(credential.Header.Parameter, Is.EqualTo("abc"));
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static (AuthenticationOptions Options, ParseResult Parse) Parse(params string[] arguments)
    {
        var options = new AuthenticationOptions();
        var command = new Command("dev");
        foreach (var option in options.All) command.Options.Add(option);
        var root = new RootCommand { command };
        foreach (var option in CliCredentials.All) root.Options.Add(option);
        var parse = root.Parse(["dev", .. arguments]);
        Assert.That(parse.Errors, Is.Empty);
        return (options, parse);
    }
}
