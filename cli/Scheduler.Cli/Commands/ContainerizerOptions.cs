using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Agent;

namespace Scheduler.Cli.Commands;

/// <summary>The agent options that choose how tasks are contained: <c>--containerizers</c> and <c>--docker-socket</c>.</summary>
public static class ContainerizerOptions
{
    public static Option<string?> Containerizers() => new("--containerizers")
    {
        Description = "Comma-separated: cgroups,docker (default: cgroups, plus docker when an engine answers on the socket)",
    };

    public static Option<string?> DockerSocket() => new("--docker-socket")
    {
        Description = "The Docker engine's unix socket (default: $SCHED_DOCKER_SOCKET, /var/run/docker.sock, or the project's test engine)",
    };

    public static bool TryParse(string? text, out IReadOnlyList<string>? names, [NotNullWhen(false)] out string? error)
    {
        names = null;
        error = null;
        if (text is null) return true;
        var parsed = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (parsed.Count == 0) error = "--containerizers: name at least one of cgroups, docker";
        else if (AgentContainerizers.Invalid(parsed) is { } invalid) error = $"--containerizers: {invalid}";
        else names = parsed;
        return error is null;
    }
}
