using System.Globalization;
using Scheduler.Framework.Matching;
using Scheduler.Protocol.V1;
using Scheduler.Services.Specs;

namespace Scheduler.Services.Apps;

/// <summary>Turns a placed instance into the task the agent runs: command or Docker image, environment and health check.</summary>
public static class ServiceTaskFactory
{
    public static TaskInfo Create(Placement placement, App app, AppInstance instance)
    {
        var spec = app.Spec;
        var command = new CommandInfo { Environment = new Protocol.V1.Environment() };
        if (spec.Cmd is { } shell)
            command.Value = shell;
        else
            command.Shell = false;
        var variables = new Dictionary<string, string>(spec.Env, StringComparer.Ordinal)
        {
            ["MARATHON_APP_ID"] = "/" + app.Id,
            ["MARATHON_APP_VERSION"] = app.VersionAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in variables.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            command.Environment.Variables.Add(new Protocol.V1.Environment.Types.Variable { Name = name, Value = value });

        var task = placement.ToTaskInfo(command, $"{app.Id} v{instance.Version}");
        if (spec.Image is { } image)
            task.Container = new ContainerInfo
            {
                Type = ContainerInfo.Types.Type.Docker,
                Docker = new ContainerInfo.Types.DockerInfo { Image = image, Network = ContainerInfo.Types.DockerInfo.Types.Network.Host },
            };
        if (spec.HealthCheck is { } check) task.HealthCheck = HealthCheck(check);
        return task;
    }

    /// <summary>The request for one instance, in the resource library's text form.</summary>
    public static string Resources(AppSpec spec)
    {
        var text = FormattableString.Invariant($"cpus:{spec.Cpus};mem:{spec.Mem}");
        return spec.Disk > 0 ? text + FormattableString.Invariant($";disk:{spec.Disk}") : text;
    }

    /// <summary>Marathon's health check as Mesos's; 0 consecutive failures (Marathon: never kill) becomes a count never reached.</summary>
    public static HealthCheck HealthCheck(HealthCheckSpec check)
    {
        var health = new HealthCheck
        {
            DelaySeconds = check.DelaySeconds,
            IntervalSeconds = check.IntervalSeconds,
            TimeoutSeconds = check.TimeoutSeconds,
            ConsecutiveFailures = check.MaxConsecutiveFailures > 0 ? (uint)check.MaxConsecutiveFailures : uint.MaxValue,
            GracePeriodSeconds = check.GracePeriodSeconds,
        };
        switch (check.Protocol)
        {
            case HealthCheckProtocol.Command:
                health.Type = Protocol.V1.HealthCheck.Types.Type.Command;
                health.Command = new CommandInfo { Value = check.Command };
                break;
            case HealthCheckProtocol.Http:
                health.Type = Protocol.V1.HealthCheck.Types.Type.Http;
                health.Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)(check.Port ?? 0), Path = check.Path };
                break;
            case HealthCheckProtocol.Tcp:
                health.Type = Protocol.V1.HealthCheck.Types.Type.Tcp;
                health.Tcp = new HealthCheck.Types.TCPCheckInfo { Port = (uint)(check.Port ?? 0) };
                break;
        }
        return health;
    }
}
