using Google.Protobuf.Collections;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Task = Scheduler.Protocol.V1.Task;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// Leaves out of the operator API's state what the principal may not see: frameworks by <c>view_frameworks</c> on the
/// framework's user, tasks by <c>view_tasks</c> on the task's user (else its framework's), as Mesos's master does.
/// </summary>
public static class StateViewFilter
{
    public static Response.Types.GetState Filter(Authorizer? authorizer, string? principal, Response.Types.GetState state)
    {
        if (authorizer is null) return state;
        var filtered = state.Clone();
        var frameworkUsers = new Dictionary<string, string>();
        if (filtered.GetFrameworks is { } frameworks)
        {
            foreach (var framework in frameworks.Frameworks.Concat(frameworks.CompletedFrameworks))
                if (framework.FrameworkInfo?.Id is { } id) frameworkUsers[id.Value] = framework.FrameworkInfo.User;
            RemoveWhere(frameworks.Frameworks, f => !MayView(authorizer, principal, f.FrameworkInfo));
            RemoveWhere(frameworks.CompletedFrameworks, f => !MayView(authorizer, principal, f.FrameworkInfo));
        }
        if (filtered.GetTasks is { } tasks)
        {
            bool Hidden(Task task) => !MayView(authorizer, principal, task, frameworkUsers);
            RemoveWhere(tasks.Tasks, Hidden);
            RemoveWhere(tasks.PendingTasks, Hidden);
            RemoveWhere(tasks.CompletedTasks, Hidden);
            RemoveWhere(tasks.UnreachableTasks, Hidden);
            RemoveWhere(tasks.OrphanTasks, Hidden);
        }
        return filtered;
    }

    /// <summary>
    /// Leaves out only the frameworks the principal may not view, keeping every task: what Mesos's
    /// <c>/master/state-summary</c> filters, so that agents' task counts stay whole.
    /// </summary>
    public static Response.Types.GetState FilterFrameworks(Authorizer? authorizer, string? principal, Response.Types.GetState state)
    {
        if (authorizer is null || state.GetFrameworks is null) return state;
        var filtered = state.Clone();
        RemoveWhere(filtered.GetFrameworks.Frameworks, f => !MayView(authorizer, principal, f.FrameworkInfo));
        RemoveWhere(filtered.GetFrameworks.CompletedFrameworks, f => !MayView(authorizer, principal, f.FrameworkInfo));
        return filtered;
    }

    public static bool MayView(Authorizer authorizer, string? principal, FrameworkInfo? framework) =>
        authorizer.Decide(AclAction.ViewFrameworks, principal, framework?.User).Allowed;

    /// <summary>A task is seen as its user, else its framework's; a task of a framework the master does not know only under ANY.</summary>
    public static bool MayView(Authorizer authorizer, string? principal, Task task, IReadOnlyDictionary<string, string> frameworkUsers)
    {
        var user = task.HasUser ? task.User : task.FrameworkId is { } id ? frameworkUsers.GetValueOrDefault(id.Value) : null;
        return authorizer.Decide(AclAction.ViewTasks, principal, user).Allowed;
    }

    private static void RemoveWhere<T>(RepeatedField<T> items, Func<T, bool> hidden)
    {
        var kept = items.Where(item => !hidden(item)).ToList();
        if (kept.Count == items.Count) return;
        items.Clear();
        items.AddRange(kept);
    }
}
