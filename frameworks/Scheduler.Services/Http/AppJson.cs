using System.Globalization;
using System.Text.Json.Nodes;
using Scheduler.Services.Apps;
using Scheduler.Services.Specs;

namespace Scheduler.Services.Http;

/// <summary>The JSON shapes of the services API, after Marathon's: an app, its tasks, a deployment and its progress.</summary>
public static class AppJson
{
    public static JsonObject App(App app, ServiceBook book, bool withTasks)
    {
        var spec = app.Spec;
        var active = app.Active.ToList();
        var json = new JsonObject
        {
            ["id"] = "/" + app.Id,
            ["cmd"] = spec.Cmd,
            ["container"] = spec.Image is { } image ? new JsonObject { ["type"] = "DOCKER", ["docker"] = new JsonObject { ["image"] = image } } : null,
            ["cpus"] = spec.Cpus,
            ["mem"] = spec.Mem,
            ["disk"] = spec.Disk,
            ["instances"] = spec.Instances,
            ["env"] = new JsonObject(spec.Env.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
            ["healthChecks"] = new JsonArray(spec.HealthChecks.Select(HealthCheck).ToArray<JsonNode?>()),
            ["constraints"] = new JsonArray(spec.Constraints.Select(constraint => JsonNode.Parse(constraint.ToString())).ToArray()),
            ["backoffSeconds"] = spec.BackoffSeconds,
            ["backoffFactor"] = spec.BackoffFactor,
            ["maxLaunchDelaySeconds"] = spec.MaxLaunchDelaySeconds,
            ["upgradeStrategy"] = new JsonObject
            {
                ["minimumHealthCapacity"] = spec.UpgradeStrategy.MinimumHealthCapacity, ["maximumOverCapacity"] = spec.UpgradeStrategy.MaximumOverCapacity,
            },
            ["version"] = Time(app.VersionAt),
            ["versionNumber"] = app.Version,
            ["removing"] = app.Removed,
            ["tasksStaged"] = active.Count(instance => instance.Phase == InstancePhase.Staging),
            ["tasksRunning"] = active.Count(instance => instance.Phase == InstancePhase.Running),
            ["tasksHealthy"] = active.Count(instance => instance.IsHealthy),
            ["tasksUnhealthy"] = active.Count(instance => instance is { Phase: InstancePhase.Running, HasHealthCheck: true, Healthy: false }),
            ["deployments"] = new JsonArray(app.Deployment is { } deployment ? [new JsonObject { ["id"] = deployment.Id }] : []),
            ["waiting"] = book.WaitingFor(app) is { } waiting ? new JsonObject { ["instances"] = waiting.Instances, ["reason"] = waiting.Reason } : null,
            ["lastTaskFailure"] = app.LastFailure,
        };
        if (withTasks)
        {
            json["tasks"] = new JsonArray(app.Instances.Where(instance => instance.IsActive).OrderBy(instance => instance.Serial).Select(Task).ToArray<JsonNode?>());
            json["deployment"] = app.Deployment is { } current ? Deployment(app, current) : null;
        }
        return json;
    }

    public static JsonObject Deployment(App app, Deployment deployment)
    {
        var current = app.Current.ToList();
        return new JsonObject
        {
            ["id"] = deployment.Id,
            ["kind"] = deployment.Kind.ToString().ToLowerInvariant(),
            ["affectedApps"] = new JsonArray("/" + app.Id),
            ["version"] = Time(deployment.StartedAt),
            ["versionNumber"] = deployment.Version,
            ["progress"] = new JsonObject
            {
                ["instances"] = app.Target,
                ["new_healthy"] = current.Count(instance => instance.IsHealthy),
                ["new_started"] = current.Count,
                ["old"] = app.Old.Count(),
                ["minimum_healthy"] = app.Spec.UpgradeStrategy.MinimumHealthy(app.Target),
                ["maximum_total"] = app.Spec.UpgradeStrategy.MaximumTotal(app.Target),
            },
        };
    }

    private static JsonObject Task(AppInstance instance) => new()
    {
        ["id"] = instance.TaskId,
        ["appId"] = "/" + instance.AppId,
        ["host"] = instance.Hostname,
        ["agentId"] = instance.AgentId,
        ["state"] = instance.State,
        ["healthy"] = instance.HasHealthCheck ? instance.Healthy : null,
        ["versionNumber"] = instance.Version,
        ["stagedAt"] = Time(instance.LaunchedAt),
        ["killing"] = instance.KillRequested,
        ["message"] = instance.Message,
    };

    private static JsonObject HealthCheck(HealthCheckSpec check)
    {
        var json = new JsonObject { ["protocol"] = check.Protocol.ToString().ToUpperInvariant() };
        if (check.Protocol == HealthCheckProtocol.Command) json["command"] = new JsonObject { ["value"] = check.Command };
        if (check.Protocol == HealthCheckProtocol.Http) json["path"] = check.Path;
        if (check.Port is { } port) json["port"] = port;
        json["gracePeriodSeconds"] = check.GracePeriodSeconds;
        json["intervalSeconds"] = check.IntervalSeconds;
        json["timeoutSeconds"] = check.TimeoutSeconds;
        json["maxConsecutiveFailures"] = check.MaxConsecutiveFailures;
        json["delaySeconds"] = check.DelaySeconds;
        return json;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
