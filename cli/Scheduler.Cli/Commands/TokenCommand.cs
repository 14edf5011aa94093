using System.CommandLine;
using Scheduler.Security.Authentication;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched token create --principal P --jwt-secret-file F [--ttl 1h]</c>: prints a bearer token for the master.</summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var secretFile = new Option<string>("--jwt-secret-file") { Description = "The secret the master was given with --jwt-secret-file", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "How long the token is valid, e.g. 30m, 1h, 7days", DefaultValueFactory = _ => "1h" };
        var create = new Command("create", "Print a bearer token (JWT HS256) for --principal") { secretFile, ttl };
        create.SetAction(parse =>
        {
            if (parse.GetValue(CliCredentials.Principal) is not { Length: > 0 } principal)
                return CliErrors.Fail("--principal: give the principal the token stands for");
            if (!AgentRuntimeOptions.TryParseDuration(parse.GetValue(ttl) ?? "", out var lifetime) || lifetime <= TimeSpan.Zero)
                return CliErrors.Fail("--ttl: expected a positive number and a unit (s, m, h, days), e.g. 1h");
            byte[] secret;
            try { secret = BearerTokens.LoadSecret(parse.GetValue(secretFile)!); }
            catch (CredentialsFileException e) { return CliErrors.Fail($"--jwt-secret-file: {e.Message}"); }
            Console.WriteLine(BearerTokens.Create(principal, secret, lifetime, DateTimeOffset.UtcNow));
            return 0;
        });
        return new Command("token", "Bearer tokens for a master started with --jwt-secret-file") { create };
    }
}
