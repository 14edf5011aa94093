using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Cli.Hosting;
using Scheduler.Master;

namespace Scheduler.Cli.Commands;

/// <summary>
/// Every security flag of a master, shared by <c>sched master</c> and <c>sched dev</c>: who may call
/// (<c>--credentials</c>, <c>--jwt-secret-file</c>), what each may do (<c>--acls</c>), how much they may send
/// (<c>--rate-limits</c>, <c>--max-request-body-bytes</c>) and who may join the cluster (the cluster secret and TLS).
/// </summary>
public sealed class MasterSecurityOptions
{
    private readonly AuthenticationOptions authentication = new();
    private readonly AuthorizationOptions authorization = new();
    private readonly ApiLimitOptions apiLimits = new();
    private readonly ClusterSecurityOptions cluster = new();

    public void AddTo(Command command)
    {
        foreach (var option in apiLimits.All.Concat(authentication.All).Concat(authorization.All).Concat(cluster.All))
            command.Options.Add(option);
    }

    /// <summary>The settings with every security flag applied, and the cluster's TLS; else the first flag at fault.</summary>
    public bool TryApply(ParseResult parse, MasterSettings settings, [NotNullWhen(true)] out MasterSettings? applied,
        out ClusterTls? tls, [NotNullWhen(false)] out string? error)
    {
        applied = null;
        tls = null;
        if (!authentication.TryRead(parse, out var authenticationSettings, out error)) return false;
        if (!authorization.TryRead(parse, out var authorizer, out error)) return false;
        if (!cluster.TryReadSecret(parse, out var secret, out error)) return false;
        if (!cluster.TryReadTls(parse, out tls, out error)) return false;
        var secured = settings with { Authentication = authenticationSettings, Authorizer = authorizer, ClusterSecret = secret };
        return apiLimits.TryApply(parse, secured, out applied, out error);
    }
}
