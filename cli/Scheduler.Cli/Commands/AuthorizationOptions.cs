using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Master.Security.Authorization;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>--acls FILE</c>: who may do what, in Mesos's <c>--acls</c> JSON. Without it every request is allowed.
/// A file that cannot be read, or an unknown action or malformed rule in it, stops the master with the field at fault.
/// </summary>
public sealed class AuthorizationOptions
{
    public Option<string?> Acls { get; } = new("--acls")
    {
        Description = "JSON file of Mesos ACLs (permissive, register_frameworks, run_tasks, teardown_frameworks, view_frameworks, " +
            "view_tasks, reserve_resources, unreserve_resources, update_quotas, update_weights, drain_agents, ...); denied requests get 403",
    };

    public IEnumerable<Option> All => [Acls];

    /// <summary>The authorizer the file describes, null without <c>--acls</c>, or the file's error.</summary>
    public bool TryRead(ParseResult parse, out Authorizer? authorizer, [NotNullWhen(false)] out string? error)
    {
        authorizer = null;
        error = null;
        if (parse.GetValue(Acls) is not { } path) return true;
        if (!AclDocument.TryLoad(path, out var document, out var problem))
        {
            error = $"--acls: {problem}";
            return false;
        }
        authorizer = new Authorizer(document);
        return true;
    }
}
