using System.Net;
using Scheduler.Agent.Containers;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Health;

/// <summary>Builds the probe a task's <see cref="HealthCheck"/> describes and runs it within the check's timeout.</summary>
public static class HealthChecks
{
    /// <summary>The probe for <paramref name="task"/>'s health check; throws <see cref="ArgumentException"/> for an invalid one.</summary>
    public static IHealthCheck Create(TaskInfo task, string sandbox)
    {
        var check = task.HealthCheck ?? throw new ArgumentException("The task has no health check");
        switch (check.Type)
        {
            case HealthCheck.Types.Type.Command:
                if (check.Command is not { HasValue: true } command)
                    throw new ArgumentException("A COMMAND health check needs a command value");
                var environment = CommandEnvironment(task, sandbox, command);
                return command.Shell
                    ? CommandHealthCheck.Shell(command.Value, sandbox, environment)
                    : new CommandHealthCheck(command.Value, command.Arguments.Skip(1).ToList(), sandbox, environment);
            case HealthCheck.Types.Type.Http:
                if (check.Http is not { } http || !ValidPort(http.Port))
                    throw new ArgumentException("An HTTP health check needs a port between 1 and 65535");
                var scheme = http.HasScheme ? http.Scheme : "http";
                if (scheme is not ("http" or "https"))
                    throw new ArgumentException($"An HTTP health check's scheme must be http or https, not '{scheme}'");
                var host = http.Protocol == NetworkInfo.Types.Protocol.Ipv6 ? "[::1]" : "127.0.0.1";
                var path = http.Path is { Length: > 0 } p ? (p.StartsWith('/') ? p : "/" + p) : "/";
                return new HttpHealthCheck(new Uri($"{scheme}://{host}:{http.Port}{path}"));
            case HealthCheck.Types.Type.Tcp:
                if (check.Tcp is not { } tcp || !ValidPort(tcp.Port))
                    throw new ArgumentException("A TCP health check needs a port between 1 and 65535");
                var address = tcp.Protocol == NetworkInfo.Types.Protocol.Ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
                return new TcpHealthCheck(new IPEndPoint(address, (int)tcp.Port));
            default:
                throw new ArgumentException($"Unsupported health check type {check.Type}; use COMMAND, HTTP or TCP");
        }
    }

    /// <summary>Runs <paramref name="check"/> once; a probe that outlives <paramref name="timeout"/> is aborted and fails.</summary>
    public static async Task<HealthCheckResult> RunAsync(IHealthCheck check, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            var result = await check.RunAsync(deadline.Token).ConfigureAwait(false);
            return result.Succeeded ? result : HealthCheckResult.Failed($"{check.Kind} health check failed: {result.Failure}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Failed($"{check.Kind} health check failed: no answer within {timeout!.Value.TotalSeconds:0.###} s; aborted");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Failed($"{check.Kind} health check failed: {e.Message}");
        }
    }

    /// <summary>What the task itself sees (its variables, the sandbox's), then the check's own variables.</summary>
    private static Dictionary<string, string> CommandEnvironment(TaskInfo task, string sandbox, CommandInfo check)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = ContainerEnvironment.DefaultPath,
            ["HOME"] = sandbox,
        };
        foreach (var variable in (task.Command?.Environment?.Variables ?? []).Concat(check.Environment?.Variables ?? []))
            if (variable.HasName) environment[variable.Name] = variable.HasValue ? variable.Value : "";
        environment["MESOS_SANDBOX"] = sandbox;
        environment["MESOS_TASK_ID"] = task.TaskId.Value;
        return environment;
    }

    private static bool ValidPort(uint port) => port is > 0 and <= 65535;
}
