using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Framework;
using Scheduler.Security.Authentication;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>--credentials FILE</c> (turns HTTP authentication on) and <c>--jwt-secret-file FILE</c> (also accept bearer tokens
/// signed with that secret), for <c>sched master</c>, <c>sched dev</c>, <c>sched agent</c> and the frameworks' APIs
/// (<c>sched framework …</c>).
/// </summary>
public sealed class AuthenticationOptions
{
    public Option<string?> Credentials { get; } = new("--credentials")
    {
        Description = "Require HTTP authentication: a credentials file, JSON {\"credentials\":[{\"principal\":P,\"secret\":S}]} or 'principal secret' lines",
    };

    public Option<string?> JwtSecretFile { get; } = new("--jwt-secret-file")
    {
        Description = "Also accept bearer tokens (JWT HS256, 'sub' the principal) signed with the secret in this file (32 bytes or more)",
    };

    public IEnumerable<Option> All => [Credentials, JwtSecretFile];

    /// <summary>The authentication settings (null when --credentials is not given), or the error naming the option.</summary>
    public bool TryRead(ParseResult parse, out AuthenticationSettings? settings, [NotNullWhen(false)] out string? error)
    {
        settings = null;
        error = null;
        var credentialsPath = parse.GetValue(Credentials);
        var secretPath = parse.GetValue(JwtSecretFile);
        if (credentialsPath is null)
        {
            if (secretPath is not null) error = "--jwt-secret-file: needs --credentials, which turns authentication on";
            return error is null;
        }
        try
        {
            settings = new AuthenticationSettings
            {
                Credentials = CredentialsFile.Load(credentialsPath),
                JwtSecret = secretPath is null ? null : BearerTokens.LoadSecret(secretPath),
            };
            return true;
        }
        catch (CredentialsFileException e)
        {
            error = $"{(e.Message.StartsWith(credentialsPath, StringComparison.Ordinal) ? "--credentials" : "--jwt-secret-file")}: {e.Message}";
            return false;
        }
    }

    /// <summary>
    /// What the processes started by <c>sched dev</c> send to its master: the CLI's own credentials if given, the secret
    /// of <c>--principal</c> in the file, or else the file's first credential.
    /// </summary>
    public static SchedulerCredential? ForInProcessClients(AuthenticationSettings? settings, ParseResult parse)
    {
        if (settings is null) return null;
        if (CliCredentials.From(parse).Credential is { } given) return given;
        var principal = parse.GetValue(CliCredentials.Principal);
        var credential = settings.Credentials.FirstOrDefault(c => c.Principal == principal) ?? settings.Credentials[0];
        return SchedulerCredential.Basic(credential.Principal, credential.Secret);
    }
}
