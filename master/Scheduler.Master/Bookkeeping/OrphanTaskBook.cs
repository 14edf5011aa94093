using System.Diagnostics.CodeAnalysis;
using Task = Scheduler.Protocol.V1.Task;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Tasks that re-registering agents reported for frameworks that have not subscribed to this master yet: the running
/// ones by framework and task id, and the ended ones (as many as a framework keeps completed). A framework that
/// subscribes takes its own over.
/// </summary>
internal sealed class OrphanTaskBook
{
    private readonly Dictionary<string, Dictionary<string, Task>> _running = new();
    private readonly Dictionary<string, List<Task>> _ended = new();

    public IEnumerable<Task> Running => _running.Values.SelectMany(tasks => tasks.Values);

    public void AddRunning(Task task)
    {
        var frameworkId = task.FrameworkId.Value;
        if (!_running.TryGetValue(frameworkId, out var tasks)) _running[frameworkId] = tasks = new();
        tasks[task.TaskId.Value] = task;
    }

    public void AddEnded(Task task)
    {
        var frameworkId = task.FrameworkId.Value;
        if (!_ended.TryGetValue(frameworkId, out var ended)) _ended[frameworkId] = ended = [];
        if (ended.Count < FrameworkRecord.MaxCompletedTasks) ended.Add(task);
    }

    public bool TryGetRunning(string frameworkId, string taskId, [MaybeNullWhen(false)] out Task task)
    {
        task = null;
        return _running.TryGetValue(frameworkId, out var tasks) && tasks.TryGetValue(taskId, out task);
    }

    public void RemoveRunning(string frameworkId, string taskId)
    {
        if (_running.TryGetValue(frameworkId, out var tasks)) tasks.Remove(taskId);
    }

    /// <summary>Forgets the running tasks reported on the agent, as it leaves the master.</summary>
    public void RemoveOnAgent(string agentId)
    {
        foreach (var tasks in _running.Values)
            foreach (var task in tasks.Values.Where(t => t.AgentId.Value == agentId).ToList())
                tasks.Remove(task.TaskId.Value);
    }

    /// <summary>The framework's running tasks, no longer orphans.</summary>
    public IEnumerable<Task> TakeRunning(string frameworkId) =>
        _running.Remove(frameworkId, out var tasks) ? tasks.Values : [];

    /// <summary>The framework's ended tasks, no longer orphans.</summary>
    public IEnumerable<Task> TakeEnded(string frameworkId) =>
        _ended.Remove(frameworkId, out var ended) ? ended : [];
}
