using Scheduler.Framework;
using Scheduler.Framework.Matching;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests.Examples;

/// <summary>Runs each command until it succeeds, at most 1 + maxRetries times; a restarted instance carries on.</summary>
public sealed class RetryingBatchFramework(IReadOnlyList<string> commands, int maxRetries) : IScheduler
{
    private readonly Dictionary<string, TaskState> states = [];  // by task id: "job-{job}.{attempt}"
    private readonly HashSet<string> unreconciled = [];
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => done.Task;
    public static SchedulerDriver CreateDriver(IScheduler framework, Uri master, string frameworkIdFile) => new(framework, new()
    {
        Master = master,
        FrameworkInfo = new FrameworkInfo { Name = "retrying-batch", User = "root", FailoverTimeout = 3600 },
        FrameworkIdStore = new FileFrameworkIdStore(frameworkIdFile),
    });

    public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {   // Launch nothing until the master has told us about every task we may have launched before.
        unreconciled.UnionWith(Enumerable.Range(0, commands.Count).SelectMany(Attempts));
        return driver.ReconcileAsync(unreconciled.Select(id => (new TaskID { Value = id }, (AgentID?)null)).ToList());
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        var plan = new OfferPacker().Pack(offers, Wanted().Select(id => new TaskRequest(id, "cpus:0.1;mem:32")).ToList());
        foreach (var placement in plan.Placements) states[placement.Request.Id] = TaskState.TaskStaging;
        await plan.ExecuteAsync(driver, p => p.ToTaskInfo(new CommandInfo { Value = commands[JobOf(p.Request.Id)] }), new Filters { RefuseSeconds = 30 });
        if (!Wanted().Any()) await driver.SuppressAsync();
    }

    public async Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        var reconciled = unreconciled.Remove(status.TaskId.Value) && unreconciled.Count == 0;
        states[status.TaskId.Value] = status.State;
        if ((reconciled || TaskStates.IsTerminal(status.State)) && Wanted().Any()) await driver.ReviveAsync();
        if (unreconciled.Count > 0 || Wanted().Any() || states.Values.Any(s => s != TaskState.TaskUnknown && !TaskStates.IsTerminal(s))) return;
        done.TrySetResult();
        await driver.TeardownAsync();
    }

    public Task Error(ISchedulerDriver driver, string message) => Task.FromResult(done.TrySetException(new InvalidOperationException(message)));

    private IEnumerable<string> Attempts(int job) => Enumerable.Range(0, maxRetries + 1).Select(attempt => $"job-{job}.{attempt}");
    private static int JobOf(string taskId) => int.Parse(taskId[4..taskId.IndexOf('.')]);
    private IEnumerable<string> Wanted() => unreconciled.Count > 0 ? [] : Enumerable.Range(0, commands.Count).Select(NextAttempt).OfType<string>();

    private string? NextAttempt(int job)
    {   // None while an attempt runs, once one finished, or when all were used.
        var known = Attempts(job).Select(id => states.GetValueOrDefault(id, TaskState.TaskUnknown)).Where(s => s != TaskState.TaskUnknown).ToList();
        return known.Any(s => s == TaskState.TaskFinished || !TaskStates.IsTerminal(s)) || known.Count > maxRetries ? null : $"job-{job}.{known.Count}";
    }
}
