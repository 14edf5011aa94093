using NLog;
using Scheduler.Batch.Jobs;
using Scheduler.Cron.Runs;
using Scheduler.Cron.Specs;
using Scheduler.Framework;
using Scheduler.Protocol.V1;

namespace Scheduler.Cron;

/// <summary>
/// The cron framework's scheduler: a thin shell that hands offers, status updates, new and removed jobs and the
/// passing of time to the <see cref="CronBook"/> and carries out what it decides. One lock guards the book, since
/// the driver's callbacks, the HTTP API and the timer all reach it.
/// </summary>
public sealed class CronScheduler(CronBook book) : IScheduler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SemaphoreSlim gate = new(1, 1);
    private ISchedulerDriver? driver;
    private bool suppressed;

    /// <summary>Runs <paramref name="read"/> on the book under the lock.</summary>
    public async Task<T> WithBookAsync<T>(Func<CronBook, T> read)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try { return read(book); }
        finally { gate.Release(); }
    }

    /// <summary>Adds or replaces a job; true when it replaced one.</summary>
    public async Task<(CronJob Job, bool Replaced)> PutAsync(CronJobSpec spec, string source)
    {
        var result = await WithBookAsync(b => (Replaced: b.Find(spec.Name) is not null, Job: b.Put(spec, source))).ConfigureAwait(false);
        Log.Info("Cron job {0} {1}: {2}, next run {3:O}", spec.Name, result.Replaced ? "replaced" : "added", spec.ScheduleText, result.Job.NextDue);
        return (result.Job, result.Replaced);
    }

    /// <summary>Removes a job and kills its running attempts; false for an unknown job.</summary>
    public async Task<bool> RemoveAsync(string name)
    {
        var kills = await WithBookAsync(b => b.Remove(name)).ConfigureAwait(false);
        if (kills is null) return false;
        Log.Info("Cron job {0} removed: {1} attempts to kill", name, kills.Count);
        await SendKillsAsync(kills).ConfigureAwait(false);
        return true;
    }

    /// <summary>What the timer does: runs come due, kills go out, offers are revived when a run waits.</summary>
    public async Task TickAsync()
    {
        var (kills, pending) = await WithBookAsync(b => (b.Tick(), b.HasPendingWork())).ConfigureAwait(false);
        await SendKillsAsync(kills).ConfigureAwait(false);
        if (pending && suppressed) await ReviveAsync().ConfigureAwait(false);
    }

    public async Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        this.driver = driver;
        suppressed = false;
        var active = await WithBookAsync(b => b.ActiveAttempts()).ConfigureAwait(false);
        Log.Info("Subscribed as framework {0}; reconciling {1} attempts", frameworkId.Value, active.Count);
        if (active.Count > 0)
            await driver.ReconcileAsync(active.Select(Reconciled).ToList()).ConfigureAwait(false);
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        var decision = await WithBookAsync(b => b.PlanLaunches(offers)).ConfigureAwait(false);
        try
        {
            await decision.Plan.ExecuteAsync(driver, decision.TaskFor, new Filters { RefuseSeconds = decision.RefuseFor.TotalSeconds }).ConfigureAwait(false);
        }
        catch (SchedulerApiException e)
        {   // Whether the master took the launch is unknown: ask it about every task of the plan.
            Log.Warn(e, "Launching {0} tasks failed; reconciling them", decision.Tasks.Count);
            await driver.ReconcileAsync(decision.Tasks.Values.Select(task => (task.TaskId, (AgentID?)task.AgentId)).ToList()).ConfigureAwait(false);
        }
        if (decision.Tasks.Count > 0) Log.Info("Launched {0}", string.Join(", ", decision.Tasks.Values.Select(task => task.Name)));
        if (!suppressed && !await WithBookAsync(b => b.HasPendingWork()).ConfigureAwait(false))
        {
            suppressed = true;
            await driver.SuppressAsync().ConfigureAwait(false);
        }
    }

    public async Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        var (known, pending) = await WithBookAsync(b => (b.Update(status), b.HasPendingWork())).ConfigureAwait(false);
        if (!known) Log.Debug("Update for a task this framework does not know: {0} {1}", status.TaskId.Value, status.State);
        if (pending && suppressed) await ReviveAsync().ConfigureAwait(false);
    }

    public Task Error(ISchedulerDriver driver, string message)
    {
        Log.Error("The master reported an error: {0}", message);
        return Task.CompletedTask;
    }

    private async Task ReviveAsync()
    {
        if (driver is not { FrameworkId: not null } current) return;
        suppressed = false;
        try { await current.ReviveAsync().ConfigureAwait(false); }
        catch (SchedulerApiException e) { Log.Warn(e, "Revive failed"); }
    }

    private async Task SendKillsAsync(IReadOnlyList<TaskKill> kills)
    {
        if (driver is not { FrameworkId: not null } current) return;
        foreach (var kill in kills)
        {
            try { await current.KillAsync(new TaskID { Value = kill.TaskId }, kill.AgentId is { } agent ? new AgentID { Value = agent } : null).ConfigureAwait(false); }
            catch (SchedulerApiException e) { Log.Warn(e, "Killing {0} failed; it will be tried again", kill.TaskId); }
        }
    }

    private static (TaskID, AgentID?) Reconciled(TaskKill attempt) =>
        (new TaskID { Value = attempt.TaskId }, attempt.AgentId is { } agent ? new AgentID { Value = agent } : null);
}
