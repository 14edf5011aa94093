using System.Text.Json.Nodes;

namespace Scheduler.Cli.Status;

/// <summary>
/// The cluster at a glance, read from Mesos's <c>/master/state</c>: the leader, how many agents and frameworks,
/// resources in total, in use by tasks, held in offers and idle, what each role uses, and how many tasks are in each state.
/// </summary>
public sealed record ClusterSummary(
    string Leader,
    string Version,
    int ActiveAgents,
    int InactiveAgents,
    int ConnectedFrameworks,
    int DisconnectedFrameworks,
    int CompletedFrameworks,
    IReadOnlyList<ResourceUsage> Resources,
    IReadOnlyList<RoleUsage> Roles,
    IReadOnlyList<KeyValuePair<string, int>> TasksByState)
{
    public static readonly string[] ResourceNames = ["cpus", "mem", "disk"];

    public static ClusterSummary FromState(JsonObject state)
    {
        var agents = Objects(state["slaves"]);
        var frameworks = Objects(state["frameworks"]);
        var completedFrameworks = Objects(state["completed_frameworks"]);
        var resources = ResourceNames.Select(name => new ResourceUsage(
            name,
            Sum(agents, "resources", name),
            Sum(agents, "used_resources", name),
            Sum(agents, "offered_resources", name))).ToList();
        var tasks = frameworks.Concat(completedFrameworks)
            .SelectMany(f => Objects(f["tasks"]).Concat(Objects(f["completed_tasks"])))
            .Concat(Objects(state["orphan_tasks"]));
        var byState = tasks
            .GroupBy(t => t["state"]?.ToString() ?? "TASK_UNKNOWN")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .ToList();
        return new ClusterSummary(
            state["leader"]?.ToString() ?? "",
            state["version"]?.ToString() ?? "",
            agents.Count(a => Bool(a["active"])),
            agents.Count(a => !Bool(a["active"])),
            frameworks.Count(f => Bool(f["connected"])),
            frameworks.Count(f => !Bool(f["connected"])),
            completedFrameworks.Count,
            resources,
            Objects(state["roles"]).Select(RoleUsage.FromJson).ToList(),
            byState);
    }

    /// <summary>What <c>sched status --output json</c> prints.</summary>
    public JsonObject ToJson()
    {
        var tasks = new JsonObject();
        foreach (var (state, count) in TasksByState) tasks[state] = count;
        return new JsonObject
        {
            ["leader"] = Leader,
            ["version"] = Version,
            ["agents"] = new JsonObject { ["active"] = ActiveAgents, ["inactive"] = InactiveAgents },
            ["frameworks"] = new JsonObject
            {
                ["connected"] = ConnectedFrameworks, ["disconnected"] = DisconnectedFrameworks, ["completed"] = CompletedFrameworks,
            },
            ["resources"] = new JsonArray(Resources.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name, ["total"] = r.Total, ["used"] = r.Used, ["offered"] = r.Offered, ["idle"] = r.Idle,
            }).ToArray()),
            ["roles"] = new JsonArray(Roles.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name, ["weight"] = r.Weight, ["frameworks"] = r.Frameworks, ["cpus"] = r.Cpus, ["mem"] = r.Mem, ["quota"] = r.Quota,
            }).ToArray()),
            ["tasks_by_state"] = tasks,
        };
    }

    private static List<JsonObject> Objects(JsonNode? array) => array?.AsArray().OfType<JsonObject>().ToList() ?? [];

    private static double Sum(IEnumerable<JsonObject> agents, string key, string resource) =>
        agents.Sum(a => a[key]?[resource]?.GetValue<double>() ?? 0);

    private static bool Bool(JsonNode? node) => node?.GetValue<bool>() ?? false;
}
