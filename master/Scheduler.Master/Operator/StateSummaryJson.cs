using System.Text.Json.Nodes;
using Scheduler.Master.Http;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Resources;

namespace Scheduler.Master.Operator;

/// <summary>
/// Mesos's <c>/master/state-summary</c>: agents and frameworks with their resources and how many of their tasks
/// are in each state, without the tasks themselves.
/// </summary>
public static class StateSummaryJson
{
    /// <summary>The task states Mesos counts in a summary, under their names as keys.</summary>
    private static readonly TaskState[] CountedStates =
    [
        TaskState.TaskStaging, TaskState.TaskStarting, TaskState.TaskRunning, TaskState.TaskKilling, TaskState.TaskFinished,
        TaskState.TaskKilled, TaskState.TaskFailed, TaskState.TaskLost, TaskState.TaskError, TaskState.TaskUnreachable,
    ];

    public static string Render(OperatorSnapshot snapshot, MasterSettings settings)
    {
        var state = snapshot.State;
        var tasks = state.GetTasks.Tasks.Concat(state.GetTasks.CompletedTasks).Concat(state.GetTasks.UnreachableTasks).ToList();
        var summary = new JsonObject
        {
            ["hostname"] = settings.Hostname,
            ["slaves"] = new JsonArray(state.GetAgents.Agents.Select(a => (JsonNode?)Agent(a, tasks)).ToArray()),
            ["frameworks"] = new JsonArray(state.GetFrameworks.Frameworks.Select(f => (JsonNode?)Framework(f, tasks)).ToArray()),
        };
        return summary.ToJsonString();
    }

    private static JsonObject Agent(Response.Types.GetAgents.Types.Agent agent, List<Protocol.V1.Task> tasks)
    {
        var id = agent.AgentInfo.Id.Value;
        var own = tasks.Where(t => t.AgentId.Value == id).ToList();
        var total = ResourceSet.FromProto(agent.TotalResources);
        var json = new JsonObject
        {
            ["id"] = id,
            ["pid"] = agent.Pid,
            ["hostname"] = agent.AgentInfo.Hostname,
            ["registered_time"] = Seconds(agent.RegisteredTime),
            ["resources"] = ResourcesJson.Render(total),
            ["used_resources"] = ResourcesJson.Render(ResourceSet.FromProto(agent.AllocatedResources)),
            ["offered_resources"] = ResourcesJson.Render(ResourceSet.FromProto(agent.OfferedResources)),
            ["reserved_resources"] = new JsonObject(),
            ["unreserved_resources"] = ResourcesJson.Render(total.Unreserved()),
            ["attributes"] = new JsonObject(),
            ["active"] = agent.Active,
            ["version"] = agent.Version,
        };
        AddCounts(json, own);
        json["framework_ids"] = new JsonArray(own.Select(t => t.FrameworkId.Value).Distinct().Select(f => (JsonNode?)f).ToArray());
        return json;
    }

    private static JsonObject Framework(Response.Types.GetFrameworks.Types.Framework framework, List<Protocol.V1.Task> tasks)
    {
        var info = framework.FrameworkInfo;
        var own = tasks.Where(t => t.FrameworkId.Value == info.Id.Value).ToList();
        var json = new JsonObject
        {
            ["id"] = info.Id.Value,
            ["name"] = info.Name,
            ["used_resources"] = ResourcesJson.Render(ResourceSet.FromProto(framework.AllocatedResources)),
            ["offered_resources"] = ResourcesJson.Render(ResourceSet.FromProto(framework.OfferedResources)),
            ["capabilities"] = new JsonArray(info.Capabilities.Select(c => (JsonNode?)ProtoEnumNames.Of(c.Type)).ToArray()),
            ["hostname"] = info.HasHostname ? info.Hostname : "",
            ["webui_url"] = info.HasWebuiUrl ? info.WebuiUrl : "",
            ["active"] = framework.Active,
            ["connected"] = framework.Connected,
            ["recovered"] = framework.Recovered,
        };
        AddCounts(json, own);
        json["slave_ids"] = new JsonArray(own.Select(t => t.AgentId.Value).Distinct().Select(a => (JsonNode?)a).ToArray());
        return json;
    }

    private static void AddCounts(JsonObject json, List<Protocol.V1.Task> tasks)
    {
        foreach (var state in CountedStates) json[ProtoEnumNames.Of(state)] = tasks.Count(t => t.State == state);
    }

    private static double Seconds(TimeInfo? time) => time is null ? 0 : time.Nanoseconds / 1e9;
}
