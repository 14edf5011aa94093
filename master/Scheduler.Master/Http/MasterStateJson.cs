using System.Text.Json.Nodes;
using Scheduler.Protocol;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Registry;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Http;

/// <summary>Renders the master's bookkeeping as Mesos's <c>/master/state</c> JSON (same keys).</summary>
public static class MasterStateJson
{
    public static string Render(MasterCore core, MasterSettings settings)
    {
        var pid = $"master@{settings.Hostname}:{settings.HttpPort}";
        var state = new JsonObject
        {
            ["version"] = settings.Version,
            ["id"] = core.MasterId,
            ["pid"] = pid,
            ["hostname"] = settings.Hostname,
            ["leader"] = pid,
            ["cluster_address"] = settings.ClusterAddress,
            ["start_time"] = Seconds(core.StartedAt),
            ["elected_time"] = Seconds(core.StartedAt),
            ["activated_slaves"] = core.Agents.Count(a => a.Active),
            ["deactivated_slaves"] = core.Agents.Count(a => !a.Active),
            ["slaves"] = new JsonArray(core.Agents.Select(Agent).ToArray<JsonNode?>()),
            ["unreachable_slaves"] = new JsonArray(core.UnreachableAgents.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.AgentInfo.Id.Value,
                ["hostname"] = a.AgentInfo.Hostname,
                ["unreachable_time"] = Seconds(TimeInfos.ToDateTimeOffset(a.Timestamp)),
            }).ToArray()),
            ["gone_slaves"] = new JsonArray(core.GoneAgents.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.AgentId.Value,
                ["hostname"] = a.HasHostname ? a.Hostname : "",
                ["gone_time"] = Seconds(TimeInfos.ToDateTimeOffset(a.Timestamp)),
            }).ToArray()),
            ["frameworks"] = new JsonArray(core.Frameworks.Select(f => Framework(f, core)).ToArray<JsonNode?>()),
            ["completed_frameworks"] = new JsonArray(core.CompletedFrameworks.Select(f => Framework(f, core)).ToArray<JsonNode?>()),
            ["orphan_tasks"] = new JsonArray(core.OrphanTasks.Select(Task).ToArray<JsonNode?>()),
            ["unregistered_frameworks"] = new JsonArray(),
            ["roles"] = Roles(core),
        };
        return state.ToJsonString();
    }

    /// <summary>Mesos's <c>/master/roles</c>: <c>{"roles": [...]}</c>, the same array as under <c>roles</c> in the state.</summary>
    public static string RenderRoles(MasterCore core) => new JsonObject { ["roles"] = Roles(core) }.ToJsonString();

    private static JsonArray Roles(MasterCore core) =>
        new(core.Roles().Select(role => (JsonNode?)new JsonObject
        {
            ["name"] = role.Name,
            ["weight"] = role.Weight,
            ["frameworks"] = new JsonArray(role.Frameworks.Select(id => (JsonNode?)id).ToArray()),
            ["resources"] = ResourcesJson.Render(role.Allocated + role.Offered),
            ["allocated"] = ResourcesJson.Render(role.Allocated),
            ["offered"] = ResourcesJson.Render(role.Offered),
            ["quota"] = new JsonObject
            {
                ["role"] = role.Name,
                ["guarantee"] = new JsonObject(role.QuotaGuarantee.Select(pair =>
                    KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.ToDouble()))),
                ["limit"] = new JsonObject(role.QuotaLimit.Select(pair =>
                    KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.ToDouble()))),
                ["consumed"] = new JsonObject(role.QuotaConsumed.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair =>
                    KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
            },
            ["held_back_last_cycle"] = ResourcesJson.Render(role.HeldBackLastCycle),
            ["frameworks_filtered_last_cycle"] = role.FrameworksFilteredLastCycle,
            ["frameworks_filtered_total"] = role.FrameworksFilteredTotal,
        }).ToArray());

    private static JsonObject Agent(AgentRecord agent)
    {
        var json = AgentFields(agent);
        json["deactivated"] = agent.Deactivated;
        if (agent.Drain is not null) json["drain_info"] = JsonNode.Parse(Protocol.Json.MesosJson.Format(agent.Drain));
        return json;
    }

    private static JsonObject AgentFields(AgentRecord agent) => new()
    {
        ["id"] = agent.Id,
        ["pid"] = $"slave(1)@{agent.Info.Hostname}:{(agent.Info.HasPort ? agent.Info.Port : 5051)}",
        ["hostname"] = agent.Info.Hostname,
        ["port"] = agent.Info.HasPort ? agent.Info.Port : 5051,
        ["registered_time"] = Seconds(agent.RegisteredAt),
        ["active"] = agent.Active,
        ["resources"] = ResourcesJson.Render(agent.Total),
        ["used_resources"] = ResourcesJson.Render(agent.Used),
        ["offered_resources"] = ResourcesJson.Render(agent.Offered),
        ["reserved_resources"] = ResourcesJson.RenderByRole(agent.Total.Reserved()),
        ["reserved_resources_full"] = ResourcesJson.RenderFullByRole(agent.Total.Reserved()),
        ["unreserved_resources"] = ResourcesJson.Render(agent.Total.Unreserved()),
        ["attributes"] = new JsonObject(),
    };

    private static JsonObject Framework(FrameworkRecord framework, MasterCore core)
    {
        var used = framework.Tasks.Values.Aggregate(ResourceSet.Empty, (sum, t) => sum + ResourceSet.FromProto(t.Resources));
        var offers = core.Offers.Where(o => o.FrameworkId == framework.Id).ToList();
        var offered = offers.Aggregate(ResourceSet.Empty, (sum, o) => sum + o.Resources);
        return new JsonObject
        {
            ["id"] = framework.Id,
            ["name"] = framework.Info.Name,
            ["user"] = framework.Info.User,
            ["hostname"] = framework.Info.HasHostname ? framework.Info.Hostname : "",
            ["role"] = framework.Role,
            ["roles"] = new JsonArray(framework.Info.Roles.Select(r => (JsonNode?)r).ToArray()),
            ["suppressed_roles"] = new JsonArray(core.SuppressedRoles(framework.Id).Select(r => (JsonNode?)r).ToArray()),
            ["principal"] = framework.Info.HasPrincipal ? framework.Info.Principal : null,
            ["failover_timeout"] = framework.Info.HasFailoverTimeout ? framework.Info.FailoverTimeout : 0,
            ["checkpoint"] = framework.Info.HasCheckpoint && framework.Info.Checkpoint,
            ["webui_url"] = framework.Info.HasWebuiUrl ? framework.Info.WebuiUrl : "",
            ["active"] = framework.Active,
            ["connected"] = framework.Connected,
            ["recovered"] = false,
            ["registered_time"] = Seconds(framework.RegisteredAt),
            ["capabilities"] = new JsonArray(framework.Info.Capabilities.Select(c => (JsonNode?)c.Type.ToString()).ToArray()),
            ["resources"] = ResourcesJson.Render(used + offered),
            ["used_resources"] = ResourcesJson.Render(used),
            ["offered_resources"] = ResourcesJson.Render(offered),
            ["tasks"] = new JsonArray(framework.Tasks.Values.Select(Task).ToArray<JsonNode?>()),
            ["completed_tasks"] = new JsonArray(framework.CompletedTasks.Select(Task).ToArray<JsonNode?>()),
            ["unreachable_tasks"] = new JsonArray(framework.UnreachableTasks.Values.Select(Task).ToArray<JsonNode?>()),
            ["offers"] = new JsonArray(offers.Select(o => (JsonNode?)new JsonObject
            {
                ["id"] = o.OfferId,
                ["framework_id"] = o.FrameworkId,
                ["slave_id"] = o.AgentId,
                ["resources"] = ResourcesJson.Render(o.Resources),
            }).ToArray()),
            ["executors"] = new JsonArray(),
            ["offer_stats"] = new JsonObject
            {
                ["offers_made"] = framework.Stats.OffersMade,
                ["offers_declined"] = framework.Stats.OffersDeclined,
                ["offers_rescinded"] = framework.Stats.OffersRescinded,
                ["tasks_launched"] = framework.Stats.TasksLaunched,
                ["tasks_refused"] = framework.Stats.TasksRefused,
                ["operations_dropped"] = framework.Stats.OperationsDropped,
                ["agents_filtered_last_cycle"] = framework.Stats.AgentsFilteredLastCycle,
                ["agents_quota_limited_last_cycle"] = framework.Stats.AgentsQuotaLimitedLastCycle,
                ["no_offer_reason"] = framework.Stats.LastNoOfferReason?.ToString(),
            },
        };
    }

    private static JsonObject Task(Protocol.V1.Task task)
    {
        var resources = ResourceSet.FromProto(task.Resources);
        var json = new JsonObject
        {
            ["id"] = task.TaskId.Value,
            ["name"] = task.Name,
            ["framework_id"] = task.FrameworkId.Value,
            ["executor_id"] = task.ExecutorId?.Value ?? "",
            ["slave_id"] = task.AgentId.Value,
            ["state"] = StateName(task.State),
            ["resources"] = ResourcesJson.Render(resources),
            ["role"] = task.Resources.Select(r => r.AllocationInfo?.Role).FirstOrDefault(r => r is not null) ?? "*",
            ["statuses"] = new JsonArray(task.Statuses.Select(s => (JsonNode?)new JsonObject
            {
                ["state"] = StateName(s.State),
                ["timestamp"] = s.Timestamp,
                ["message"] = s.HasMessage ? s.Message : null,
                ["reason"] = s.HasReason ? ReasonName(s.Reason) : null,
            }).ToArray()),
        };
        if (task.HasUser) json["user"] = task.User;
        return json;
    }

    private static string StateName(TaskState state) => ProtoEnumNames.Of(state);

    private static string ReasonName(Protocol.V1.TaskStatus.Types.Reason reason) => ProtoEnumNames.Of(reason);

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
