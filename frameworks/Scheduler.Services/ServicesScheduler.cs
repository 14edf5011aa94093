using NLog;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Scheduler.Services.Apps;
using Scheduler.Services.Specs;

namespace Scheduler.Services;

/// <summary>
/// The services framework's scheduler: a thin shell that hands offers, status updates, API calls and the passing of
/// time to the <see cref="ServiceBook"/> and carries out what it decides (launches, kills, revives). One lock guards
/// the book, since the driver's callbacks, the HTTP API and the timer all reach it.
/// </summary>
public sealed class ServicesScheduler(ServiceBook book) : IScheduler
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SemaphoreSlim gate = new(1, 1);
    private ISchedulerDriver? driver;
    private bool suppressed;

    /// <summary>Runs <paramref name="action"/> on the book under the lock.</summary>
    public async Task<T> WithBookAsync<T>(Func<ServiceBook, T> action)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try { return action(book); }
        finally { gate.Release(); }
    }

    /// <summary>Creates or changes an app, then acts on it at once.</summary>
    /// <exception cref="InvalidOperationException">The app is still being removed.</exception>
    public async Task<App> DeployAsync(AppSpec spec, string source)
    {
        var (app, pendingBefore) = await ApplyAsync(b => b.Deploy(spec, source)).ConfigureAwait(false);
        Log.Info("App {0} deployed: version {1}, {2} instances{3}", app.Id, app.Version, app.Spec.Instances,
            app.Deployment is { } deployment ? $", deployment {deployment.Id} ({deployment.Kind})" : "");
        await ActAsync(pendingBefore).ConfigureAwait(false);
        return app;
    }

    /// <summary>Runs <paramref name="change"/> (scale, restart, remove) on the book, then acts at once.</summary>
    public async Task<T> ChangeAsync<T>(Func<ServiceBook, T> change)
    {
        var (result, pendingBefore) = await ApplyAsync(change).ConfigureAwait(false);
        await ActAsync(pendingBefore).ConfigureAwait(false);
        return result;
    }

    /// <summary>What the timer does every second: send due kills, revive when instances wait.</summary>
    public Task TickAsync() => ActAsync(pendingBefore: int.MaxValue);

    public async Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId)
    {
        this.driver = driver;
        suppressed = false;
        var active = await WithBookAsync(b => b.ActiveTasks()).ConfigureAwait(false);
        Log.Info("Subscribed as framework {0}; reconciling {1} tasks", frameworkId.Value, active.Count);
        if (active.Count > 0)
            await driver.ReconcileAsync(active.Select(task => (new TaskID { Value = task.TaskId }, (AgentID?)new AgentID { Value = task.AgentId })).ToList())
                .ConfigureAwait(false);
    }

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        var plan = await WithBookAsync(b => b.PlanLaunches(offers)).ConfigureAwait(false);
        try
        {
            await plan.Plan.ExecuteAsync(driver, plan.TaskFor, new Filters { RefuseSeconds = plan.RefuseFor.TotalSeconds }).ConfigureAwait(false);
        }
        catch (SchedulerApiException e)
        {   // Whether the master took the launch is unknown: ask it about every task of the plan.
            Log.Warn(e, "Launching {0} tasks failed; reconciling them", plan.Tasks.Count);
            await driver.ReconcileAsync(plan.Tasks.Values.Select(task => (task.TaskId, (AgentID?)task.AgentId)).ToList()).ConfigureAwait(false);
        }
        if (plan.Tasks.Count > 0) Log.Info("Launched {0} instances on {1} offers", plan.Tasks.Count, offers.Count);
        if (!suppressed && !await WithBookAsync(b => b.HasPendingWork()).ConfigureAwait(false))
        {
            suppressed = true;
            await driver.SuppressAsync().ConfigureAwait(false);
        }
    }

    public async Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
    {
        var (known, pendingBefore) = await ApplyAsync(b => b.Update(status)).ConfigureAwait(false);
        if (!known) Log.Debug("Update for a task this framework does not know: {0} {1}", status.TaskId.Value, status.State);
        await ActAsync(pendingBefore).ConfigureAwait(false);
    }

    public Task Error(ISchedulerDriver driver, string message)
    {
        Log.Error("The master reported an error: {0}", message);
        return Task.CompletedTask;
    }

    /// <summary>Applies a change under the lock, noting how many instances waited before it.</summary>
    private Task<(T Result, int PendingBefore)> ApplyAsync<T>(Func<ServiceBook, T> change) => WithBookAsync(b =>
    {
        var before = b.PendingLaunches();
        return (change(b), before);
    });

    /// <summary>
    /// Sends the due kills, and revives when instances wait and offers were suppressed, or when more instances wait
    /// than before the change (offers declined meanwhile may be filtered for a minute).
    /// </summary>
    private async Task ActAsync(int pendingBefore)
    {
        var (kills, pendingNow) = await WithBookAsync(b => (b.DueKills(), b.PendingLaunches())).ConfigureAwait(false);
        if (driver is not { FrameworkId: not null } current) return;
        foreach (var kill in kills)
        {
            try { await current.KillAsync(new TaskID { Value = kill.TaskId }, new AgentID { Value = kill.AgentId }).ConfigureAwait(false); }
            catch (SchedulerApiException e) { Log.Warn(e, "Killing {0} failed; it will be tried again", kill.TaskId); }
        }
        if (pendingNow > 0 && (suppressed || pendingNow > pendingBefore))
        {
            suppressed = false;
            try { await current.ReviveAsync().ConfigureAwait(false); }
            catch (SchedulerApiException e) { Log.Warn(e, "Revive failed"); }
        }
    }
}
