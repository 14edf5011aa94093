using NLog;
using Scheduler.Batch.Jobs;
using Scheduler.Framework;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch;

/// <summary>
/// The batch framework's scheduler: a thin shell that hands offers, status updates, submissions, kills and the
/// passing of time to the <see cref="JobBook"/> and carries out what it decides. One lock guards the book, since
/// the driver's callbacks, the HTTP API and the timer all reach it.
/// </summary>
public sealed class BatchScheduler(JobBook book) : IScheduler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SemaphoreSlim gate = new(1, 1);
    private ISchedulerDriver? driver;
    private bool suppressed;
    private CancellationTokenSource reconciling = new();
    private int submissions;

    /// <summary>The first wait for answers to a reconciliation before asking again; it doubles up to <see cref="MaxReconcileBackoff"/>.</summary>
    public static readonly TimeSpan ReconcileBackoff = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxReconcileBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="read"/> on the book under the lock.</summary>
    public async Task<T> WithBookAsync<T>(Func<JobBook, T> read)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try { return read(book); }
        finally { gate.Release(); }
    }

    public async Task<Job> SubmitAsync(Specs.JobSpec spec, string source)
    {
        var job = await WithBookAsync(b => b.Submit(spec, source)).ConfigureAwait(false);
        Interlocked.Increment(ref submissions);
        Log.Info("Job {0} submitted: {1} task instances", job.Id, job.Instances.Count);
        await ReviveAsync().ConfigureAwait(false);
        return job;
    }

    /// <summary>Kills a job's running attempts; false for an unknown job.</summary>
    public async Task<bool> KillAsync(string jobId)
    {
        var kills = await WithBookAsync(b => b.Kill(jobId)).ConfigureAwait(false);
        if (kills is null) return false;
        Log.Info("Job {0} killed: {1} attempts to kill", jobId, kills.Count);
        await SendKillsAsync(kills).ConfigureAwait(false);
        return true;
    }

    /// <summary>What the timer does every second: kill attempts past their timeout, revive when work waits.</summary>
    public async Task TickAsync()
    {
        var (kills, pending) = await WithBookAsync(b => (b.DueKills(), b.HasPendingWork())).ConfigureAwait(false);
        await SendKillsAsync(kills).ConfigureAwait(false);
        if (pending && suppressed) await ReviveAsync().ConfigureAwait(false);
    }

    public async Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        this.driver = driver;
        suppressed = false;
        var (active, since) = await WithBookAsync(b => (b.ActiveAttempts(), b.Now)).ConfigureAwait(false);
        Log.Info("Subscribed as framework {0}; reconciling {1} attempts", frameworkId.Value, active.Count);
        await reconciling.CancelAsync().ConfigureAwait(false);
        reconciling = new CancellationTokenSource();
        if (active.Count == 0) return;
        await driver.ReconcileAsync(active.Select(Reconciled).ToList()).ConfigureAwait(false);
        _ = ReconcileUntilAnsweredAsync(driver, active, since, reconciling.Token);
    }

    /// <summary>
    /// Mesos's reconciliation algorithm: asks again, with a doubling wait, about the attempts that got no update since
    /// the first question, until each got one or the framework subscribes again (which starts over).
    /// </summary>
    private async Task ReconcileUntilAnsweredAsync(ISchedulerDriver driver, IReadOnlyList<TaskKill> asked, DateTimeOffset since, CancellationToken cancel)
    {
        var wait = ReconcileBackoff;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, cancel).ConfigureAwait(false);
                asked = await WithBookAsync(b => b.Unanswered(asked, since)).ConfigureAwait(false);
                if (asked.Count == 0) return;
                Log.Info("Reconciling again {0} attempts without an answer", asked.Count);
                await driver.ReconcileAsync(asked.Select(Reconciled).ToList(), cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { return; }
            catch (Exception e) when (e is SchedulerApiException or HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                Log.Warn(e, "Reconciling failed; asking again later");
            }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxReconcileBackoff.Ticks));
        }
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        var submissionsBefore = Volatile.Read(ref submissions);
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
        if (decision.Tasks.Count > 0) Log.Debug("Launched {0} tasks on {1} offers", decision.Tasks.Count, offers.Count);
        // A job submitted while this plan was made may find the offers declined for long, after its revive: revive again.
        if (Volatile.Read(ref submissions) != submissionsBefore)
        {
            await ReviveAsync().ConfigureAwait(false);
            return;
        }
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
