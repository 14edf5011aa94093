using Scheduler.Protocol.V1;
using Task = Scheduler.Protocol.V1.Task;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// Who may hear one operator event, as Mesos's master filters each subscriber's events: a framework's events go to
/// principals allowed <c>view_frameworks</c> on its user; a task's events also need <c>view_tasks</c> on the task's
/// user, else its framework's. An event about neither (agents, heartbeats) goes to everyone. Each principal is decided
/// once per event, however many of its subscribers there are.
/// </summary>
public sealed class OperatorEventAudience(Authorizer authorizer, FrameworkInfo? framework, Task? task)
{
    private readonly Dictionary<string, bool> _decided = new();
    private bool? _anonymous;

    public bool Includes(string? principal)
    {
        if (principal is null) return _anonymous ??= Decide(null);
        if (!_decided.TryGetValue(principal, out var included)) _decided[principal] = included = Decide(principal);
        return included;
    }

    private bool Decide(string? principal)
    {
        if (framework is null && task is null) return true;
        if (!authorizer.Decide(AclAction.ViewFrameworks, principal, framework?.User).Allowed) return false;
        if (task is null) return true;
        var user = task.HasUser ? task.User : framework?.User;
        return authorizer.Decide(AclAction.ViewTasks, principal, user).Allowed;
    }
}
