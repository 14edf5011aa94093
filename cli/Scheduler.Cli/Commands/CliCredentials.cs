using System.CommandLine;
using System.Net;
using Scheduler.Framework;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The global <c>--principal</c>, <c>--secret</c> and <c>--token</c> options (or <c>SCHED_PRINCIPAL</c>,
/// <c>SCHED_SECRET</c>, <c>SCHED_TOKEN</c>) with which every command authenticates to the master.
/// </summary>
public sealed class CliCredentials
{
    public const string Hint =
        "pass --principal P --secret S (or --token T from 'sched token create'), or set SCHED_PRINCIPAL and SCHED_SECRET (or SCHED_TOKEN)";

    private static readonly string[] AuthenticationRefusals =
        ["Missing credentials", "Invalid credentials", "Invalid bearer token", "Bearer tokens are not accepted", "Unsupported authorization scheme"];

    public static Option<string?> Principal { get; } = new("--principal")
    {
        Description = "The principal to authenticate to the master as (or SCHED_PRINCIPAL)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCHED_PRINCIPAL"),
    };

    public static Option<string?> Secret { get; } = new("--secret")
    {
        Description = "The principal's secret (or SCHED_SECRET)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCHED_SECRET"),
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = "A bearer token instead of a principal and secret (or SCHED_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCHED_TOKEN"),
    };

    public static IEnumerable<Option> All => [Principal, Secret, Token];

    /// <summary>The credentials of this invocation; none until <see cref="Use"/>.</summary>
    public static CliCredentials Current { get; private set; } = new(null);

    private CliCredentials(SchedulerCredential? credential) => Credential = credential;

    /// <summary>What to send: the token if given, else the principal and secret if both are given, else nothing.</summary>
    public SchedulerCredential? Credential { get; }

    public static CliCredentials From(ParseResult parse)
    {
        if (parse.GetValue(Token) is { Length: > 0 } token) return new CliCredentials(SchedulerCredential.Bearer(token));
        if (parse.GetValue(Principal) is { Length: > 0 } principal && parse.GetValue(Secret) is { Length: > 0 } secret)
            return new CliCredentials(SchedulerCredential.Basic(principal, secret));
        return new CliCredentials(null);
    }

    /// <summary>Makes the parsed credentials those of every client in this process.</summary>
    public static void Use(ParseResult parse) => Current = From(parse);

    public void Apply(HttpRequestMessage request) => request.Headers.Authorization = Credential?.Header;

    public void Apply(HttpClient http) => http.DefaultRequestHeaders.Authorization = Credential?.Header;

    /// <summary>Throws an error that says how to pass credentials when the master answered 401.</summary>
    public static async Task ThrowIfUnauthorizedAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized) return;
        var reason = (await response.Content.ReadAsStringAsync(cancel)).Trim();
        throw new HttpRequestException(Unauthorized(reason), null, HttpStatusCode.Unauthorized);
    }

    public static string Unauthorized(string reason) =>
        $"it requires authentication ({(reason.Length > 0 ? reason : "401 Unauthorized")}): {Hint}";

    /// <summary>Whether a refusal's text is the master's answer to missing or wrong credentials.</summary>
    public static bool IsAuthenticationRefusal(string text) =>
        AuthenticationRefusals.Any(prefix => text.Contains(prefix, StringComparison.Ordinal));
}
