using Scheduler.Framework.Matching;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Services.Specs;
using Scheduler.Services.Storage;

namespace Scheduler.Services.Apps;

/// <summary>
/// The services framework's state: apps and their instances. It keeps each app at its wanted number of healthy
/// instances — launching on offers within the app's constraints, relaunching ended instances after a backoff that
/// grows with each failure in a row, killing the newest when scaled down — and replaces old versions' instances as
/// Marathon's upgrade strategy allows: never fewer than ⌈instances × minimumHealthCapacity⌉ healthy, never more than
/// ⌊instances × (1 + maximumOverCapacity)⌋ in all. Every change is written to the store before it is acted on, so a
/// restarted framework adopts its running tasks and relaunches none. Not thread-safe.
/// </summary>
public sealed class ServiceBook
{
    /// <summary>How long an unanswered kill waits before it is sent again.</summary>
    public static readonly TimeSpan KillRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>An instance healthy for this long before it ended starts the count of failures in a row afresh.</summary>
    public static readonly TimeSpan StableRunTime = TimeSpan.FromMinutes(1);

    private readonly IServiceStore store;
    private readonly TimeProvider clock;
    private readonly Dictionary<string, App> apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (App App, AppInstance Instance)> tasks = new(StringComparer.Ordinal);

    public ServiceBook(IServiceStore store, TimeProvider clock)
    {
        this.store = store;
        this.clock = clock;
        foreach (var stored in store.LoadApps())
            apps[stored.Id] = new App
            {
                Id = stored.Id, Spec = AppSpecParser.Parse(stored.Source, stored.Id) with { Instances = stored.Instances }, Source = stored.Source,
                Version = stored.Version, VersionAt = stored.VersionAt, Failures = stored.Failures, DelayUntil = stored.DelayUntil,
                LaunchCount = stored.LaunchCount, LastFailure = stored.LastFailure, Removed = stored.Removed, Deployment = stored.Deployment,
            };
        foreach (var instance in store.LoadInstances())
            if (apps.TryGetValue(instance.AppId, out var app))
            {
                app.Instances.Add(instance);
                tasks[instance.TaskId] = (app, instance);
            }
    }

    public IEnumerable<App> Apps => apps.Values.OrderBy(app => app.Id, StringComparer.Ordinal);

    public App? Find(string appId) => apps.GetValueOrDefault(appId);

    public IEnumerable<Deployment> Deployments => Apps.Select(app => app.Deployment).OfType<Deployment>();

    /// <summary>
    /// Creates the app, or moves it to <paramref name="spec"/>: a new version when its configuration changed (its
    /// instances are replaced), a scaling when only the instance count did.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app is still being removed.</exception>
    public App Deploy(AppSpec spec, string source)
    {
        var now = clock.GetUtcNow();
        if (apps.TryGetValue(spec.Id, out var app))
        {
            if (app.Removed) throw new InvalidOperationException($"app '{spec.Id}' is being removed; deploy it again once its instances ended");
            app.Source = source;
            if (app.Spec.SameConfiguration(spec))
            {   // Backoff and upgrade strategy apply from now on; the running instances stay.
                app.Spec = spec with { Instances = app.Spec.Instances };
                return Scale(app, spec.Instances);
            }
            app.Spec = spec;
            NewVersion(app, DeploymentKind.Upgrade, now);
        }
        else
        {
            app = new App { Id = spec.Id, Spec = spec, Source = source, Version = 1, VersionAt = now };
            app.Deployment = new Deployment(Guid.NewGuid().ToString(), DeploymentKind.Start, 1, spec.Instances, now);
            apps[app.Id] = app;
        }
        Save(app);
        Converge(app);
        return app;
    }

    /// <summary>Sets the app's instance count; null for an unknown or removed app.</summary>
    public App? Scale(string appId, int instances) =>
        apps.TryGetValue(appId, out var app) && !app.Removed ? Scale(app, instances) : null;

    /// <summary>Replaces every instance, as a new version with the same configuration does; null for an unknown or removed app.</summary>
    public App? Restart(string appId)
    {
        if (!apps.TryGetValue(appId, out var app) || app.Removed) return null;
        NewVersion(app, DeploymentKind.Restart, clock.GetUtcNow());
        Save(app);
        Converge(app);
        return app;
    }

    /// <summary>Removes the app: its instances are to be killed, then it is forgotten. False for an unknown app.</summary>
    public bool Remove(string appId)
    {
        if (!apps.TryGetValue(appId, out var app)) return false;
        app.Removed = true;
        app.Deployment = null;
        Save(app);
        Converge(app);
        return true;
    }

    /// <summary>How many instances the app would launch now, backoff aside: those it lacks, within the upgrade's over-capacity.</summary>
    public int LaunchesWanted(App app)
    {
        var missing = app.Target - app.Current.Count();
        if (missing <= 0) return 0;
        if (!app.Old.Any()) return missing;
        var room = app.Spec.UpgradeStrategy.MaximumTotal(app.Target) - app.Active.Count(instance => instance.Phase != InstancePhase.Unreachable);
        return Math.Clamp(room, 0, missing);
    }

    /// <summary>Whether some app lacks instances it could launch, now or once its backoff ends.</summary>
    public bool HasPendingWork() => PendingLaunches() > 0;

    /// <summary>How many instances all apps would launch now, backoff aside.</summary>
    public int PendingLaunches() => apps.Values.Sum(LaunchesWanted);

    /// <summary>The instances the app lacks and why they are not launched; null when it lacks none.</summary>
    public Waiting? WaitingFor(App app)
    {
        var missing = app.Target - app.Current.Count();
        if (missing <= 0) return null;
        var now = clock.GetUtcNow();
        if (LaunchesWanted(app) == 0)
            return new Waiting(missing, $"at the upgrade's maximum over-capacity ({app.Spec.UpgradeStrategy.MaximumTotal(app.Target)} instances): waiting for old instances to end");
        if (app.DelayUntil is { } until && until > now)
            return new Waiting(missing, $"backoff after {app.Failures} failure{(app.Failures == 1 ? "" : "s")} in a row, until {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        return new Waiting(missing, app.UnplacedReason ?? "waiting for an offer");
    }

    /// <summary>
    /// Packs the instances the apps lack into the offers, app by app within each app's constraints (given where its
    /// instances run), and records each placed instance as staging before it is launched.
    /// </summary>
    public LaunchPlan PlanLaunches(IReadOnlyList<Offer> offers)
    {
        var now = clock.GetUtcNow();
        var remaining = offers.ToList();
        var placements = new List<Placement>();
        var unplaced = new List<TaskRequest>();
        var taskInfos = new Dictionary<string, TaskInfo>(StringComparer.Ordinal);
        var launched = new List<(App App, AppInstance Instance)>();
        foreach (var app in Apps)
        {
            var wanted = LaunchesWanted(app);
            if (wanted == 0) { app.UnplacedReason = null; continue; }
            if (app.DelayUntil is { } until && until > now) continue;
            var resources = ResourceSet.Parse(ServiceTaskFactory.Resources(app.Spec));
            var requests = Enumerable.Range(0, wanted).Select(_ => new TaskRequest($"{app.Id}.{Guid.NewGuid():N}", resources)).ToList();
            var placed = app.Active.Where(instance => !instance.KillRequested).Select(instance => instance.Site).ToList();
            var plan = new OfferPacker(app.Spec.Constraints).Pack(remaining, requests, placed);
            foreach (var placement in plan.Placements)
            {
                var instance = new AppInstance
                {
                    TaskId = placement.Request.Id, AppId = app.Id, Version = app.Version, Serial = ++app.LaunchCount, HasHealthCheck = app.Spec.HealthCheck is not null,
                    AgentId = placement.Offer.AgentId.Value, Hostname = placement.Offer.Hostname, Attributes = PlacementSite.FromOffer(placement.Offer).Attributes,
                    LaunchedAt = now,
                };
                taskInfos[instance.TaskId] = ServiceTaskFactory.Create(placement, app, instance);
                placements.Add(placement);
                launched.Add((app, instance));
                placed.Add(instance.Site);
            }
            remaining = Subtract(remaining, plan.Placements);
            unplaced.AddRange(plan.Unplaced);
            app.UnplacedReason = plan.Unplaced.Count > 0 ? OfferShortfall.Describe(remaining, resources, app.Spec.Constraints, placed) : null;
        }

        store.SaveInstances(launched.Select(entry => entry.Instance).ToList());
        foreach (var (app, instance) in launched)
        {
            app.Instances.Add(instance);
            tasks[instance.TaskId] = (app, instance);
        }
        foreach (var app in launched.Select(entry => entry.App).Distinct()) Save(app);
        var used = placements.Select(placement => placement.Offer.Id.Value).ToHashSet(StringComparer.Ordinal);
        var combined = new PackingPlan(placements, unplaced, offers.Where(offer => !used.Contains(offer.Id.Value)).ToList());
        return new LaunchPlan(combined, taskInfos, RefuseFor(unplaced.Count > 0, now));
    }

    /// <summary>The master refused the launch: the instances never ran and count as no failure.</summary>
    public void LaunchFailed(IEnumerable<string> taskIds, string message)
    {
        foreach (var taskId in taskIds)
            if (tasks.TryGetValue(taskId, out var entry) && entry.Instance.IsActive)
            {
                End(entry.Instance, "TASK_DROPPED", message);
                store.SaveInstances([entry.Instance]);
                Converge(entry.App);
            }
    }

    /// <summary>Applies a status update; false for a task this book does not know. Repeated updates do no harm.</summary>
    public bool Update(TaskStatus status)
    {
        if (!tasks.TryGetValue(status.TaskId.Value, out var entry)) return false;
        var (app, instance) = entry;
        if (!instance.IsActive) return true;
        var now = clock.GetUtcNow();
        if (status.AgentId is { Value.Length: > 0 } agent) instance.AgentId = agent.Value;
        instance.State = ProtoEnumNames.Of(status.State);
        if (status.Message is { Length: > 0 } message) instance.Message = message;
        switch (status.State)
        {
            case TaskState.TaskStaging or TaskState.TaskStarting:
                instance.Phase = InstancePhase.Staging;
                break;
            case TaskState.TaskRunning:
                instance.Phase = InstancePhase.Running;
                if (status.HasHealthy) instance.Healthy = status.Healthy;
                instance.HealthySince = instance.IsHealthy ? instance.HealthySince ?? now : null;
                break;
            case TaskState.TaskUnreachable:
                instance.Phase = InstancePhase.Unreachable;
                instance.HealthySince = null;
                break;
            case var state when TaskStates.IsTerminal(state):
                var failed = !instance.KillRequested;
                var stable = instance.HealthySince is { } since && now - since >= StableRunTime;
                End(instance, instance.State, Message(status));
                if (failed)
                {
                    app.Failures = stable ? 1 : app.Failures + 1;
                    app.DelayUntil = now + app.Spec.BackoffAfter(app.Failures);
                    app.LastFailure = $"{instance.TaskId}: {Message(status)}";
                    Save(app);
                }
                break;
            default:
                return true; // Killing: wait for the end.
        }
        store.SaveInstances([instance]);
        Converge(app);
        return true;
    }

    /// <summary>
    /// Tasks to kill now: those the apps no longer want (removed, scaled down, replaced by a new version as the
    /// upgrade strategy allows), and those whose kill got no answer for <see cref="KillRetryInterval"/> (or was sent
    /// before a restart).
    /// </summary>
    public IReadOnlyList<InstanceKill> DueKills()
    {
        var now = clock.GetUtcNow();
        var due = new List<AppInstance>();
        foreach (var app in apps.Values.ToList())
        {
            var newlyKilled = ChooseKills(app);
            foreach (var instance in newlyKilled) instance.KillRequested = true;
            store.SaveInstances(newlyKilled);
            due.AddRange(app.Active.Where(instance => instance.KillRequested && (instance.KillSentAt is not { } sent || now - sent >= KillRetryInterval)));
        }
        foreach (var instance in due) instance.KillSentAt = now;
        return due.Select(instance => new InstanceKill(instance.TaskId, instance.AgentId)).ToList();
    }

    /// <summary>Active instances, to reconcile with the master after (re)subscribing.</summary>
    public IReadOnlyList<InstanceKill> ActiveTasks() =>
        tasks.Values.Where(entry => entry.Instance.IsActive).Select(entry => new InstanceKill(entry.Instance.TaskId, entry.Instance.AgentId)).ToList();

    private List<AppInstance> ChooseKills(App app)
    {
        if (app.Removed) return app.Active.Where(instance => !instance.KillRequested).ToList();

        var kills = app.Current.OrderByDescending(instance => instance.Serial).Take(Math.Max(0, app.Current.Count() - app.Target)).ToList();
        var old = app.Old.Where(instance => !instance.KillRequested).ToList();
        if (old.Count == 0) return kills;

        var minimumHealthy = app.Spec.UpgradeStrategy.MinimumHealthy(app.Target);
        var healthy = app.Active.Count(instance => !instance.KillRequested && instance.IsHealthy && !kills.Contains(instance));
        foreach (var victim in old.OrderBy(instance => instance.IsHealthy).ThenBy(instance => instance.Serial))
        {
            if (!victim.IsHealthy) kills.Add(victim);
            else if (healthy - 1 >= minimumHealthy)
            {
                kills.Add(victim);
                healthy--;
            }
        }

        // When the bounds leave no room (maximumOverCapacity 0 with minimumHealthCapacity 1), Marathon replaces one
        // old instance at a time rather than never finishing: once no kill is pending and every new instance is healthy.
        var blocked = kills.Count == 0 && LaunchesWanted(app) == 0 && app.Current.Count() < app.Target &&
                      app.Current.All(instance => instance.IsHealthy) && !app.Active.Any(instance => instance.KillRequested);
        if (blocked) kills.Add(old.OrderBy(instance => instance.Serial).First());
        return kills;
    }

    private App Scale(App app, int instances)
    {
        if (instances != app.Spec.Instances)
        {
            app.Spec = app.Spec with { Instances = instances };
            app.Deployment = app.Deployment is { Kind: DeploymentKind.Upgrade or DeploymentKind.Restart } running
                ? running with { Instances = instances }
                : new Deployment(Guid.NewGuid().ToString(), DeploymentKind.Scale, app.Version, instances, clock.GetUtcNow());
        }
        Save(app);
        Converge(app);
        return app;
    }

    private static void NewVersion(App app, DeploymentKind kind, DateTimeOffset now)
    {
        app.Version++;
        app.VersionAt = now;
        app.Failures = 0;
        app.DelayUntil = null;
        app.Deployment = new Deployment(Guid.NewGuid().ToString(), kind, app.Version, app.Spec.Instances, now);
    }

    /// <summary>Ends a finished deployment, and forgets a removed app whose instances all ended.</summary>
    private void Converge(App app)
    {
        if (app.Removed && !app.Active.Any())
        {
            apps.Remove(app.Id);
            foreach (var instance in app.Instances) tasks.Remove(instance.TaskId);
            store.DeleteApp(app.Id);
            return;
        }
        if (app.Deployment is null || app.Old.Any() || app.Active.Any(instance => instance.KillRequested)) return;
        var current = app.Current.ToList();
        if (current.Count != app.Target || !current.All(instance => instance.IsHealthy)) return;
        app.Deployment = null;
        Save(app);
    }

    /// <summary>
    /// How long to refuse unused offers: briefly while instances did not fit, until the next backoff ends (at most 5 s)
    /// while apps wait, a minute when no app lacks instances.
    /// </summary>
    private TimeSpan RefuseFor(bool unplaced, DateTimeOffset now)
    {
        if (unplaced) return TimeSpan.FromSeconds(1);
        var waiting = apps.Values.Where(app => LaunchesWanted(app) > 0).Select(app => (app.DelayUntil ?? now) - now).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        return waiting == TimeSpan.MaxValue ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(Math.Clamp(waiting.TotalSeconds, 0.5, 5));
    }

    private void End(AppInstance instance, string state, string? message)
    {
        instance.Phase = InstancePhase.Ended;
        instance.State = state;
        instance.Message = message;
        instance.EndedAt = clock.GetUtcNow();
        instance.HealthySince = null;
    }

    private static List<Offer> Subtract(List<Offer> offers, IReadOnlyList<Placement> placements)
    {
        if (placements.Count == 0) return offers;
        return offers.Select(offer =>
        {
            var taken = placements.Where(placement => placement.Offer.Id.Value == offer.Id.Value).ToList();
            if (taken.Count == 0) return offer;
            var left = taken.Aggregate(
                ResourceSet.FromProto(offer.Resources.Where(resource => ResourceSet.TryFromProto([resource], out _, out _))),
                (resources, placement) => resources - placement.Resources);
            var copy = offer.Clone();
            copy.Resources.Clear();
            copy.Resources.AddRange(left.ToProto());
            return copy;
        }).ToList();
    }

    private static string Message(TaskStatus status) =>
        status.Message is { Length: > 0 } message ? message : $"{ProtoEnumNames.Of(status.State)}{(status.HasReason ? $" ({ProtoEnumNames.Of(status.Reason)})" : "")}";

    private void Save(App app) => store.SaveApp(new StoredApp(
        app.Id, app.Source, app.Spec.Instances, app.Version, app.VersionAt, app.Failures, app.DelayUntil, app.LaunchCount, app.LastFailure, app.Removed,
        app.Deployment));
}
