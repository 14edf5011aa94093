using System.Text.Json.Nodes;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// Leaves out of <c>/master/state</c>'s JSON the frameworks (<c>view_frameworks</c>, by their <c>user</c>) and tasks
/// (<c>view_tasks</c>, by their <c>user</c>, else their framework's) the principal may not see.
/// </summary>
public static class StateJsonViewFilter
{
    private static readonly string[] TaskLists = ["tasks", "completed_tasks", "unreachable_tasks"];

    public static string Filter(Authorizer? authorizer, string? principal, string stateJson)
    {
        if (authorizer is null || JsonNode.Parse(stateJson) is not JsonObject state) return stateJson;
        var frameworkUsers = new Dictionary<string, string?>();
        foreach (var list in new[] { "frameworks", "completed_frameworks" })
        {
            if (state[list] is not JsonArray frameworks) continue;
            foreach (var framework in frameworks.OfType<JsonObject>())
            {
                var user = Text(framework, "user");
                if (Text(framework, "id") is { } id) frameworkUsers[id] = user;
                foreach (var taskList in TaskLists)
                    if (framework[taskList] is JsonArray tasks)
                        RemoveWhere(tasks, task => !authorizer.Decide(AclAction.ViewTasks, principal, Text(task, "user") ?? user).Allowed);
            }
            RemoveWhere(frameworks, framework => !authorizer.Decide(AclAction.ViewFrameworks, principal, Text(framework, "user")).Allowed);
        }
        if (state["orphan_tasks"] is JsonArray orphans)
            RemoveWhere(orphans, task => !authorizer.Decide(AclAction.ViewTasks, principal,
                Text(task, "user") ?? (Text(task, "framework_id") is { } id ? frameworkUsers.GetValueOrDefault(id) : null)).Allowed);
        return state.ToJsonString();
    }

    private static string? Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void RemoveWhere(JsonArray items, Func<JsonObject, bool> hidden)
    {
        foreach (var item in items.OfType<JsonObject>().Where(hidden).ToList()) items.Remove(item);
    }
}
