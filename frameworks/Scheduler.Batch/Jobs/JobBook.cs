using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Framework.Matching;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch.Jobs;

/// <summary>
/// The batch framework's state: jobs, their task instances and attempts. It decides what to launch on offers
/// (instances whose dependencies finished and whose backoff passed), applies status updates, retries failed
/// instances, kills attempts past their timeout and the attempts of killed jobs. Every change is written to the
/// store before it is acted on, so a restarted framework relaunches nothing that ran. Not thread-safe.
/// </summary>
public sealed class JobBook
{
    /// <summary>How long an unanswered kill waits before it is sent again.</summary>
    public static readonly TimeSpan KillRetryInterval = TimeSpan.FromSeconds(10);

    private readonly IJobStore store;
    private readonly TimeProvider clock;
    private readonly Dictionary<string, Job> jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Job Job, TaskInstance Instance, TaskAttempt Attempt)> attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobProgress> progress = new(StringComparer.Ordinal);

    public JobBook(IJobStore store, TimeProvider clock)
    {
        this.store = store;
        this.clock = clock;
        foreach (var stored in store.LoadJobs())
        {
            var job = new Job(stored.Id, stored.Number, JobSpecParser.Parse(stored.Source, stored.Id), stored.Source, stored.SubmittedAt) { Killed = stored.Killed };
            jobs[job.Id] = job;
        }
        var instancesByJob = jobs.Values.ToDictionary(job => job.Id, job => job.Instances.ToDictionary(instance => (instance.Spec.Name, instance.Index)));
        foreach (var attempt in store.LoadAttempts())
            if (jobs.TryGetValue(attempt.JobId, out var job) && instancesByJob[job.Id].TryGetValue((attempt.TaskName, attempt.Index), out var instance))
            {
                instance.Attempts.Add(attempt);
                attempts[attempt.TaskId] = (job, instance, attempt);
            }
        foreach (var job in jobs.Values) progress[job.Id] = new JobProgress(job);
    }

    public IEnumerable<Job> Jobs => jobs.Values.OrderBy(job => job.Number);

    public Job? Find(string jobId) => jobs.GetValueOrDefault(jobId);

    /// <summary>Updates ending a task id this book never launched, since the framework started.</summary>
    public int UnknownTaskEndings { get; private set; }

    public Job Submit(JobSpec spec, string source)
    {
        var number = jobs.Count == 0 ? 1 : jobs.Values.Max(job => job.Number) + 1;
        var job = new Job($"{spec.Name}-{number}", number, spec, source, clock.GetUtcNow());
        store.SaveJob(Stored(job));
        jobs[job.Id] = job;
        progress[job.Id] = new JobProgress(job);
        return job;
    }

    /// <summary>Instances that may start now, in each job's dependency order, oldest job first.</summary>
    public IEnumerable<(Job Job, TaskInstance Instance)> Runnable()
    {
        var now = clock.GetUtcNow();
        foreach (var job in Jobs)
            foreach (var instance in progress[job.Id].Startable())
                if (instance.NotBefore <= now)
                    yield return (job, instance);
    }

    /// <summary>Whether some instance is pending: runnable now, or later once its backoff or dependencies allow.</summary>
    public bool HasPendingWork() => progress.Values.Any(job => job.HasPending());

    /// <summary>
    /// Packs the runnable instances into the offers and records a staging attempt for each placement.
    /// Unused offers are refused for longer when nothing is pending.
    /// </summary>
    public LaunchDecision PlanLaunches(IReadOnlyList<Offer> offers)
    {
        var now = clock.GetUtcNow();
        var candidates = new Dictionary<string, (Job Job, TaskInstance Instance, TaskAttempt Attempt)>(StringComparer.Ordinal);
        var requests = new List<TaskRequest>();
        var capacity = new OfferCapacity(offers);
        var takenBySpec = new Dictionary<TaskSpec, int>(ReferenceEqualityComparer.Instance);
        var leftOut = false;
        foreach (var (job, instance) in Runnable())
        {
            // Every instance of a task asks for the same resources: beyond as many as the offers could hold, the rest cannot fit.
            var taken = takenBySpec.GetValueOrDefault(instance.Spec);
            if (taken >= capacity.MostInstancesOf(instance.Spec))
            {
                leftOut = true;
                continue;
            }
            takenBySpec[instance.Spec] = taken + 1;
            var number = instance.Attempts.Count;
            var attempt = new TaskAttempt
            {
                TaskId = $"{job.Id}.{instance.Key}.{number}", JobId = job.Id, TaskName = instance.Spec.Name, Index = instance.Index,
                Number = number, LaunchedAt = now,
            };
            candidates[attempt.TaskId] = (job, instance, attempt);
            requests.Add(new TaskRequest(attempt.TaskId, TaskInfoFactory.Resources(instance.Spec)));
        }

        var plan = new OfferPacker().Pack(offers, requests);
        var tasks = new Dictionary<string, TaskInfo>(StringComparer.Ordinal);
        var launched = new List<TaskAttempt>();
        foreach (var placement in plan.Placements)
        {
            var (job, instance, attempt) = candidates[placement.Request.Id];
            attempt.AgentId = placement.Offer.AgentId.Value;
            tasks[attempt.TaskId] = TaskInfoFactory.Create(placement, job, instance, attempt);
            launched.Add(attempt);
        }
        store.SaveAttempts(launched);
        foreach (var attempt in launched)
        {
            var (job, instance, _) = candidates[attempt.TaskId];
            var before = instance.OwnPhase;
            instance.Attempts.Add(attempt);
            attempts[attempt.TaskId] = (job, instance, attempt);
            progress[job.Id].Moved(instance, before);
        }
        return new LaunchDecision(plan, tasks, RefuseFor(plan.Unplaced.Count > 0 || leftOut, now));
    }

    /// <summary>
    /// How long to refuse unused offers: briefly while requests did not fit, until the next backoff ends (at most 5 s)
    /// while instances wait, a minute when nothing is pending.
    /// </summary>
    private TimeSpan RefuseFor(bool unplaced, DateTimeOffset now)
    {
        if (unplaced) return TimeSpan.FromSeconds(1);
        var waiting = progress.Values.SelectMany(job => job.Startable())
            .Select(instance => instance.NotBefore - now)
            .DefaultIfEmpty(TimeSpan.MaxValue)
            .Min();
        if (waiting != TimeSpan.MaxValue) return TimeSpan.FromSeconds(Math.Clamp(waiting.TotalSeconds, 0.5, 5));
        return HasPendingWork() ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(60);
    }

    /// <summary>The master refused the launch: the attempts never ran and do not count against the retries.</summary>
    public void LaunchFailed(IEnumerable<string> taskIds, string message)
    {
        var changed = new List<TaskAttempt>();
        foreach (var taskId in taskIds)
            if (attempts.TryGetValue(taskId, out var entry) && entry.Attempt.IsActive)
            {
                var before = entry.Instance.OwnPhase;
                End(entry.Attempt, TaskPhase.Lost, message);
                progress[entry.Job.Id].Moved(entry.Instance, before);
                changed.Add(entry.Attempt);
            }
        store.SaveAttempts(changed);
    }

    /// <summary>Applies a status update; false for a task this book never launched. Repeated updates do no harm.</summary>
    public bool Update(TaskStatus status)
    {
        if (!attempts.TryGetValue(status.TaskId.Value, out var entry))
        {
            if (TerminalUpdateTally.Ends(status.State)) UnknownTaskEndings++;
            return false;
        }
        var (job, _, attempt) = entry;
        attempt.LastUpdateAt = clock.GetUtcNow();
        attempt.TerminalUpdates.Count(status);
        if (!attempt.IsActive) return true;
        var before = entry.Instance.OwnPhase;
        if (status.AgentId is { } agent) attempt.AgentId = agent.Value;
        switch (status.State)
        {
            case TaskState.TaskStaging:
                break;
            case TaskState.TaskStarting or TaskState.TaskRunning:
                attempt.Phase = TaskPhase.Running;
                break;
            case TaskState.TaskFinished:
                End(attempt, TaskPhase.Finished, status.Message);
                break;
            case TaskState.TaskKilled when attempt.TimedOut:
                End(attempt, TaskPhase.Failed, $"timed out after {Describe(entry.Instance.Spec.Timeout ?? TimeSpan.Zero)}");
                break;
            case TaskState.TaskKilled when job.Killed:
                End(attempt, TaskPhase.Killed, "killed with its job");
                break;
            case TaskState.TaskDropped or TaskState.TaskUnknown:
                End(attempt, TaskPhase.Lost, Message(status));
                break;
            case var state when TaskStates.IsTerminal(state):
                End(attempt, TaskPhase.Failed, Message(status));
                break;
            default:
                return true; // Unreachable or killing: the attempt may still come back or end; wait for that.
        }
        progress[job.Id].Moved(entry.Instance, before);
        store.SaveAttempts([attempt]);
        return true;
    }

    /// <summary>Kills a job: its pending instances never start and its running attempts are to be killed. Null for an unknown job.</summary>
    public IReadOnlyList<TaskKill>? Kill(string jobId)
    {
        if (!jobs.TryGetValue(jobId, out var job)) return null;
        if (!job.Killed)
        {
            job.Killed = true;
            store.SaveJob(Stored(job));
        }
        return RequestKills(job.Instances.Select(instance => instance.Active).OfType<TaskAttempt>().ToList());
    }

    /// <summary>
    /// Attempts to kill now: those running past their timeout, and those whose kill got no answer for
    /// <see cref="KillRetryInterval"/> (or was sent before a restart).
    /// </summary>
    public IReadOnlyList<TaskKill> DueKills()
    {
        var now = clock.GetUtcNow();
        var due = new List<TaskAttempt>();
        foreach (var (_, instance, attempt) in attempts.Values)
        {
            if (!attempt.IsActive) continue;
            if (!attempt.KillRequested && instance.Spec.Timeout is { } timeout && now - attempt.LaunchedAt >= timeout)
            {
                attempt.TimedOut = true;
                due.Add(attempt);
            }
            else if (attempt.KillRequested && (attempt.KillSentAt is not { } sent || now - sent >= KillRetryInterval))
                due.Add(attempt);
        }
        return RequestKills(due);
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Of the attempts asked about in a reconciliation at <paramref name="since"/>, those still active and not heard of
    /// since: the master may not answer while an agent has not re-registered after a failover, so they are asked again.
    /// </summary>
    public IReadOnlyList<TaskKill> Unanswered(IEnumerable<TaskKill> asked, DateTimeOffset since) =>
        asked.Where(kill => attempts.TryGetValue(kill.TaskId, out var entry) && entry.Attempt.IsActive
                && (entry.Attempt.LastUpdateAt is not { } heard || heard < since))
            .Select(kill => new TaskKill(kill.TaskId, attempts[kill.TaskId].Attempt.AgentId))
            .ToList();

    /// <summary>Attempts not yet ended, to reconcile with the master after (re)subscribing.</summary>
    public IReadOnlyList<TaskKill> ActiveAttempts() =>
        attempts.Values.Where(entry => entry.Attempt.IsActive).Select(entry => new TaskKill(entry.Attempt.TaskId, entry.Attempt.AgentId)).ToList();

    private List<TaskKill> RequestKills(List<TaskAttempt> due)
    {
        var now = clock.GetUtcNow();
        var newlyRequested = due.Where(attempt => !attempt.KillRequested).ToList();
        foreach (var attempt in due)
        {
            attempt.KillRequested = true;
            attempt.KillSentAt = now;
        }
        store.SaveAttempts(newlyRequested);
        return due.Select(attempt => new TaskKill(attempt.TaskId, attempt.AgentId)).ToList();
    }

    private void End(TaskAttempt attempt, TaskPhase phase, string? message)
    {
        attempt.Phase = phase;
        attempt.Message = message;
        attempt.EndedAt = clock.GetUtcNow();
    }

    private static string Message(TaskStatus status) =>
        status.Message is { Length: > 0 } message ? message : $"{status.State}{(status.HasReason ? $" ({status.Reason})" : "")}";

    private static string Describe(TimeSpan duration) =>
        duration.TotalSeconds < 120 ? $"{duration.TotalSeconds:0.###}s" : duration.TotalMinutes < 120 ? $"{duration.TotalMinutes:0.#}m" : $"{duration.TotalHours:0.#}h";

    private static StoredJob Stored(Job job) => new(job.Id, job.Number, job.Source, job.SubmittedAt, job.Killed);
}
