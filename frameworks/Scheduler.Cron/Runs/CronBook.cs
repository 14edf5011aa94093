using System.Globalization;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Cron.Specs;
using Scheduler.Cron.Storage;
using Scheduler.Framework.Matching;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;

namespace Scheduler.Cron.Runs;

/// <summary>
/// The cron framework's state: jobs, when each is next due, and their runs. On each tick it starts the runs that
/// came due (by the job's concurrency policy), skips runs past their starting deadline and asks for kills (replaced
/// runs, timeouts, kills not yet answered); it packs pending runs into offers, applies status updates, retries a
/// failed run with backoff and keeps each job's history to its limit. Every change is written to the store before it
/// is acted on. Not thread-safe.
/// </summary>
public sealed class CronBook
{
    /// <summary>How long an unanswered kill waits before it is sent again.</summary>
    public static readonly TimeSpan KillRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>At most this many missed times are walked over when catching up; only the latest of them runs.</summary>
    private const int MaxMissedWalk = 100_000;

    private readonly ICronStore store;
    private readonly TimeProvider clock;
    private readonly SortedDictionary<string, CronJob> jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CronJob Job, CronRun Run)> byTask = new(StringComparer.Ordinal);

    public CronBook(ICronStore store, TimeProvider clock)
    {
        this.store = store;
        this.clock = clock;
        foreach (var stored in store.LoadJobs())
            jobs[stored.Name] = new CronJob(CronSpecParser.Parse(stored.Source, stored.Name), stored.Source, stored.CreatedAt)
            {
                NextDue = stored.NextDue, LastNumber = stored.LastNumber,
            };
        foreach (var run in store.LoadRuns())
            if (jobs.TryGetValue(run.JobName, out var job))
            {
                job.Runs.Add(run);
                if (run.TaskId is { } taskId) byTask[taskId] = (job, run);
            }
    }

    public IEnumerable<CronJob> Jobs => jobs.Values;

    public CronJob? Find(string name) => jobs.GetValueOrDefault(name);

    /// <summary>
    /// Adds a job, or replaces the spec of the job of that name; its runs and history stay and it is next due by the
    /// new schedule, counted from now.
    /// </summary>
    public CronJob Put(CronJobSpec spec, string source)
    {
        var now = clock.GetUtcNow();
        if (jobs.TryGetValue(spec.Name, out var job))
        {
            job.Spec = spec;
            job.Source = source;
        }
        else
            job = new CronJob(spec, source, now);
        job.NextDue = spec.Schedule.NextAfter(now);
        store.SaveJob(Stored(job));
        jobs[job.Name] = job;
        return job;
    }

    /// <summary>Removes a job and its history; its running attempts are to be killed. Null for an unknown job.</summary>
    public IReadOnlyList<TaskKill>? Remove(string name)
    {
        if (!jobs.Remove(name, out var job)) return null;
        store.DeleteJob(name);
        foreach (var run in job.Runs)
            if (run.TaskId is { } taskId) byTask.Remove(taskId);
        return job.Runs.Where(run => run.IsLaunched).Select(Kill).ToList();
    }

    /// <summary>
    /// What the passing of time does: runs come due, pending runs miss their starting deadline, attempts time out.
    /// Returns the attempts to kill now.
    /// </summary>
    public IReadOnlyList<TaskKill> Tick()
    {
        var now = clock.GetUtcNow();
        var changed = new List<CronRun>();
        foreach (var job in jobs.Values)
        {
            if (job.NextDue is not { } due || due > now) continue;
            var latest = due;
            for (var walked = 0; walked < MaxMissedWalk && job.Spec.Schedule.NextAfter(latest) is { } next && next <= now; walked++) latest = next;
            job.NextDue = job.Spec.Schedule.NextAfter(now);
            changed.AddRange(Start(job, latest, now));
        }
        changed.AddRange(SkipLateRuns(now));
        SaveKept(changed);
        return DueKills(now);
    }

    /// <summary>Whether some run waits to start, now or after its backoff.</summary>
    public bool HasPendingWork() => jobs.Values.Any(job => job.Runs.Any(run => run.Phase == RunPhase.Pending));

    /// <summary>Packs the pending runs, oldest first, into the offers and records a staging attempt for each placement.</summary>
    public LaunchDecision PlanLaunches(IReadOnlyList<Offer> offers)
    {
        var now = clock.GetUtcNow();
        SaveKept(SkipLateRuns(now));
        var candidates = new Dictionary<string, (CronJob Job, CronRun Run)>(StringComparer.Ordinal);
        var requests = new List<TaskRequest>();
        foreach (var (job, run) in jobs.Values
                     .SelectMany(job => job.Runs.Where(run => run.Phase == RunPhase.Pending && run.NotBefore <= now).Select(run => (job, run)))
                     .OrderBy(entry => entry.run.ScheduledAt))
        {
            var taskId = string.Create(CultureInfo.InvariantCulture, $"cron.{job.Name}.{job.CreatedAt.ToUnixTimeMilliseconds()}.{run.Number}.{run.Launches}");
            candidates[taskId] = (job, run);
            requests.Add(new TaskRequest(taskId, TaskInfoFactory.Resources(job.Spec.Task)));
        }

        var plan = new OfferPacker().Pack(offers, requests);
        var tasks = new Dictionary<string, TaskInfo>(StringComparer.Ordinal);
        var launched = new List<CronRun>();
        foreach (var placement in plan.Placements)
        {
            var (job, run) = candidates[placement.Request.Id];
            run.Phase = RunPhase.Staging;
            run.TaskId = placement.Request.Id;
            run.AgentId = placement.Offer.AgentId.Value;
            run.Launches++;
            run.Attempts++;
            run.StartedAt ??= now;
            tasks[run.TaskId] = TaskInfoFactory.Create(placement, job.Spec.Task, Variables(job, run), $"{job.Name} run {run.Number}");
            byTask[run.TaskId] = (job, run);
            launched.Add(run);
        }
        store.SaveRuns(launched);
        return new LaunchDecision(plan, tasks, RefuseFor(plan.Unplaced.Count > 0, now));
    }

    /// <summary>Applies a status update; false for a task this book does not know. Repeated updates do no harm.</summary>
    public bool Update(TaskStatus status)
    {
        if (!byTask.TryGetValue(status.TaskId.Value, out var entry)) return false;
        var (job, run) = entry;
        if (!run.IsLaunched || run.TaskId != status.TaskId.Value) return true;
        if (status.AgentId is { } agent) run.AgentId = agent.Value;
        switch (status.State)
        {
            case TaskState.TaskStaging:
                return true;
            case TaskState.TaskStarting or TaskState.TaskRunning:
                if (run.Phase == RunPhase.Running) return true;
                run.Phase = RunPhase.Running;
                break;
            case TaskState.TaskFinished:
                Close(run, RunPhase.Finished, status.Message is { Length: > 0 } message ? message : null, clock.GetUtcNow());
                break;
            case TaskState.TaskKilled when run.KillReason is { } reason:
                if (run.KillFails) Fail(job, run, reason);
                else Close(run, RunPhase.Killed, reason, clock.GetUtcNow());
                break;
            case TaskState.TaskDropped or TaskState.TaskUnknown:
                // The attempt never ran: the run waits for another offer, and this does not count as an attempt.
                run.Phase = RunPhase.Pending;
                run.Attempts--;
                run.Message = Message(status);
                break;
            case var state when TaskStates.IsTerminal(state):
                Fail(job, run, Message(status));
                break;
            default:
                return true; // Unreachable or killing: the attempt may still come back or end; wait for that.
        }
        store.SaveRuns([run]);
        TrimHistory(job);
        return true;
    }

    /// <summary>Attempts not yet ended, to reconcile with the master after (re)subscribing.</summary>
    public IReadOnlyList<TaskKill> ActiveAttempts() =>
        jobs.Values.SelectMany(job => job.Runs).Where(run => run.IsLaunched).Select(run => new TaskKill(run.TaskId!, run.AgentId)).ToList();

    private List<CronRun> Start(CronJob job, DateTimeOffset scheduledAt, DateTimeOffset now)
    {
        var run = new CronRun { JobName = job.Name, Number = ++job.LastNumber, ScheduledAt = scheduledAt };
        var changed = new List<CronRun> { run };
        var active = job.ActiveRuns.ToList();
        job.Runs.Add(run);
        if (active.Count > 0)
            switch (job.Spec.ConcurrencyPolicy)
            {
                case ConcurrencyPolicy.Forbid:
                    run.Phase = RunPhase.Skipped;
                    run.EndedAt = now;
                    run.Message = $"run {active[^1].Number} was still {Name(active[^1].Phase)}";
                    break;
                case ConcurrencyPolicy.Replace:
                    foreach (var previous in active)
                    {
                        var reason = $"replaced by run {run.Number}";
                        if (previous.IsLaunched) previous.KillReason = reason;
                        else Close(previous, RunPhase.Killed, reason, now);
                        changed.Add(previous);
                    }
                    break;
            }
        store.SaveJob(Stored(job));
        TrimHistory(job);
        return changed;
    }

    /// <summary>Pending runs that never started in time are skipped; a retry of a run that started is never late.</summary>
    private List<CronRun> SkipLateRuns(DateTimeOffset now)
    {
        var late = new List<CronRun>();
        foreach (var job in jobs.Values)
        {
            if (job.Spec.StartingDeadline is not { } deadline) continue;
            foreach (var run in job.Runs)
                if (run is { Phase: RunPhase.Pending, Attempts: 0 } && now - run.ScheduledAt > deadline)
                {
                    Close(run, RunPhase.Skipped, $"not started within its starting deadline of {deadline.TotalSeconds:0.###}s", now);
                    late.Add(run);
                }
            if (late.Count > 0) TrimHistory(job);
        }
        return late;
    }

    /// <summary>Attempts past their timeout, and kills that got no answer for <see cref="KillRetryInterval"/>.</summary>
    private List<TaskKill> DueKills(DateTimeOffset now)
    {
        var kills = new List<TaskKill>();
        var changed = new List<CronRun>();
        foreach (var job in jobs.Values)
            foreach (var run in job.Runs.Where(run => run.IsLaunched))
            {
                if (run.KillReason is null && job.Spec.Task.Timeout is { } timeout && run.StartedAt is { } started && now - started >= timeout)
                {
                    run.KillReason = $"timed out after {timeout.TotalSeconds:0.###}s";
                    run.KillFails = true;
                    changed.Add(run);
                }
                if (run.KillReason is not null && (run.KillSentAt is not { } sent || now - sent >= KillRetryInterval))
                {
                    run.KillSentAt = now;
                    kills.Add(Kill(run));
                }
            }
        store.SaveRuns(changed);
        return kills;
    }

    private void Fail(CronJob job, CronRun run, string message)
    {
        run.Failures++;
        run.KillReason = null;
        run.KillFails = false;
        if (run.Failures > job.Spec.Task.Retries)
        {
            Close(run, RunPhase.Failed, message, clock.GetUtcNow());
            return;
        }
        run.Phase = RunPhase.Pending;
        run.Message = message;
        run.NotBefore = clock.GetUtcNow() + job.Spec.Task.BackoffAfter(run.Failures);
    }

    private static void Close(CronRun run, RunPhase phase, string? message, DateTimeOffset now)
    {
        run.Phase = phase;
        run.Message = message;
        run.EndedAt = now;
    }

    /// <summary>Drops the oldest ended runs beyond the job's history limit, from the book and the store.</summary>
    private void TrimHistory(CronJob job)
    {
        var ended = job.Runs.Where(run => !run.IsActive).ToList();
        var excess = ended.Count - job.Spec.HistoryLimit;
        if (excess <= 0) return;
        var dropped = ended.Take(excess).ToList();
        foreach (var run in dropped)
        {
            job.Runs.Remove(run);
            if (run.TaskId is { } taskId) byTask.Remove(taskId);
        }
        store.DeleteRuns(job.Name, dropped.Select(run => run.Number).ToList());
    }

    /// <summary>
    /// How long to refuse unused offers: briefly while requests did not fit, until the next backoff ends (at most 5 s),
    /// a minute otherwise (a run coming due revives offers).
    /// </summary>
    private TimeSpan RefuseFor(bool unplaced, DateTimeOffset now)
    {
        if (unplaced) return TimeSpan.FromSeconds(1);
        var waiting = jobs.Values.SelectMany(job => job.Runs).Where(run => run.Phase == RunPhase.Pending)
            .Select(run => run.NotBefore - now).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        return waiting == TimeSpan.MaxValue ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(Math.Clamp(waiting.TotalSeconds, 0.5, 5));
    }

    private static Dictionary<string, string> Variables(CronJob job, CronRun run) => new(StringComparer.Ordinal)
    {
        ["SCHED_CRON_JOB"] = job.Name,
        ["SCHED_CRON_RUN"] = run.Number.ToString(CultureInfo.InvariantCulture),
        ["SCHED_SCHEDULED_AT"] = run.ScheduledAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["SCHED_ATTEMPT"] = (run.Attempts - 1).ToString(CultureInfo.InvariantCulture),
    };

    private static TaskKill Kill(CronRun run) => new(run.TaskId!, run.AgentId);

    /// <summary>Saves the runs still in the book: a run that just left the history must not come back.</summary>
    private void SaveKept(IEnumerable<CronRun> runs) =>
        store.SaveRuns(runs.Distinct().Where(run => jobs.TryGetValue(run.JobName, out var job) && job.Runs.Contains(run)).ToList());

    private static string Message(TaskStatus status) =>
        status.Message is { Length: > 0 } message ? message : $"{status.State}{(status.HasReason ? $" ({status.Reason})" : "")}";

    public static string Name(RunPhase phase) => phase.ToString().ToLowerInvariant();

    private static StoredCronJob Stored(CronJob job) => new(job.Name, job.Source, job.CreatedAt, job.NextDue, job.LastNumber);
}
