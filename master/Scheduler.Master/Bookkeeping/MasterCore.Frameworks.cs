using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Frameworks: subscribing and resubscribing (failing over to a new stream), disconnecting and the failover
/// timeout, UPDATE_FRAMEWORK of their info and roles, and removal with teardown of their tasks.
/// </summary>
public sealed partial class MasterCore
{
    /// <summary>The roles for which the framework suppressed offers, in name order; none for a framework the master no longer has.</summary>
    public IReadOnlyList<string> SuppressedRoles(string frameworkId) =>
        _frameworks.ContainsKey(frameworkId) ? _allocator.SuppressedRoles(frameworkId) : [];

    public (SubscribeOutcome Outcome, List<MasterEffect> Effects) Subscribe(Call.Types.Subscribe subscribe)
    {
        var effects = new List<MasterEffect>();
        var info = subscribe.FrameworkInfo;
        var invalid = FrameworkValidation.Validate(info)
            ?? FrameworkValidation.ValidateSuppressedRoles(FrameworkRecord.RolesOf(info), subscribe.SuppressedRoles);
        if (invalid is not null) return (SubscribeOutcome.Refused(invalid), effects);
        var suppressedRoles = subscribe.SuppressedRoles.Distinct().ToList();
        var resubscribing = info.Id is { } previousId && _frameworks.ContainsKey(previousId.Value);

        FrameworkRecord framework;
        if (info.Id is { } id && !string.IsNullOrEmpty(id.Value))
        {
            if (_frameworks.TryGetValue(id.Value, out var existing))
            {
                // As Mesos, a resubscription keeps the user and checkpointing but may not change the principal.
                info = info.Clone();
                info.User = existing.Info.User;
                if (existing.Info.HasCheckpoint) info.Checkpoint = existing.Info.Checkpoint;
                else info.ClearCheckpoint();
                var invalidUpdate = FrameworkValidation.ValidateUpdate(existing.Info, info);
                if (invalidUpdate is not null) return (SubscribeOutcome.Refused(invalidUpdate), effects);
                framework = existing;
                if (existing.StreamId is { } oldStream)
                {
                    effects.Add(new MasterEffect.ToFramework(existing.Id, Events.Error("Framework failed over"), oldStream));
                    effects.Add(new MasterEffect.CloseStream(existing.Id, oldStream));
                }
                foreach (var offer in _offers.Values.Where(o => o.FrameworkId == existing.Id).ToList())
                    effects.AddRange(Rescind(offer, notify: false));
                effects.AddRange(UpdateFrameworkInfo(framework, info, suppressedRoles));
            }
            else if (_registry.IsKnownFramework(id.Value))
            {
                framework = AddFramework(info.Clone(), suppressedRoles);
            }
            else
            {
                return (SubscribeOutcome.Refused($"Framework '{id.Value}' is unknown to this master"), effects);
            }
        }
        else
        {
            var withId = info.Clone();
            withId.Id = new FrameworkID { Value = _registry.NextFrameworkId(MasterId) };
            framework = AddFramework(withId, suppressedRoles);
            effects.Add(new MasterEffect.Persist(new FrameworkAdded { FrameworkInfo = withId }));
        }

        framework.StreamId = Guid.NewGuid().ToString();
        framework.Active = true;
        _allocator.ActivateFramework(framework.Id);
        Notify(resubscribing ? new MasterChange.FrameworkUpdated(framework) : new MasterChange.FrameworkAdded(framework));
        effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Subscribed(framework.Id, HeartbeatInterval)));
        return (new SubscribeOutcome(framework.Id, framework.StreamId, null), effects);
    }

    public List<MasterEffect> FrameworkDisconnected(string frameworkId, string streamId)
    {
        var effects = new List<MasterEffect>();
        if (!_frameworks.TryGetValue(frameworkId, out var framework) || framework.StreamId != streamId) return effects;
        framework.StreamId = null;
        framework.Active = false;
        _allocator.DeactivateFramework(frameworkId);
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == frameworkId).ToList())
            effects.AddRange(Rescind(offer, notify: false));
        var failover = framework.Info.HasFailoverTimeout ? framework.Info.FailoverTimeout : 0;
        effects.Add(new MasterEffect.ScheduleFailover(frameworkId, streamId, TimeSpan.FromSeconds(Math.Max(0, failover))));
        return effects;
    }

    public List<MasterEffect> FailoverExpired(string frameworkId, string streamId)
    {
        if (!_frameworks.TryGetValue(frameworkId, out var framework) || framework.Connected) return [];
        if (framework.LastStreamId != streamId) return [];
        return RemoveFramework(framework);
    }

    /// <summary>
    /// UPDATE_FRAMEWORK, as Mesos: the new info must be valid, keep the id, principal, user and checkpointing,
    /// and suppress only roles it has. Offers for roles the framework left are rescinded; its tasks keep running.
    /// </summary>
    private (CallOutcome Outcome, List<MasterEffect> Effects) UpdateFramework(FrameworkRecord framework, Call call)
    {
        var update = call.UpdateFramework;
        if (update is null) return (CallOutcome.BadRequest("Expecting 'update_framework' to be present"), []);
        var info = update.FrameworkInfo;
        if (info?.Id?.Value != call.FrameworkId.Value)
            return (CallOutcome.BadRequest("'framework_id' differs from 'update_framework.framework_info.id'"), []);
        var invalid = FrameworkValidation.Validate(info);
        if (invalid is not null) return (CallOutcome.BadRequest($"Supplied FrameworkInfo is not valid: {invalid}"), []);
        invalid = FrameworkValidation.ValidateUpdate(framework.Info, info!);
        if (invalid is not null) return (CallOutcome.BadRequest($"FrameworkInfo update is not valid: {invalid}"), []);
        invalid = FrameworkValidation.ValidateSuppressedRoles(FrameworkRecord.RolesOf(info!), update.SuppressedRoles);
        if (invalid is not null) return (CallOutcome.BadRequest($"'UpdateFramework' call is not valid: {invalid}"), []);
        var before = framework.Info;
        var effects = UpdateFrameworkInfo(framework, info!.Clone(), update.SuppressedRoles.Distinct().ToList());
        if (!ReferenceEquals(before, framework.Info)) Notify(new MasterChange.FrameworkUpdated(framework));
        return (CallOutcome.Ok, effects);
    }

    /// <summary>Gives the framework its new info and suppressed roles, rescinds offers for roles it left, and persists a changed info.</summary>
    private List<MasterEffect> UpdateFrameworkInfo(FrameworkRecord framework, FrameworkInfo info, IReadOnlyCollection<string> suppressedRoles)
    {
        var effects = new List<MasterEffect>();
        var roles = FrameworkRecord.RolesOf(info);
        _allocator.UpdateFramework(framework.Id, roles, suppressedRoles);
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == framework.Id).ToList())
            if (offer.Resources.AllocationRoles().Any(role => !roles.Contains(role)))
                effects.AddRange(Rescind(offer));
        if (framework.Info.Equals(info)) return effects;
        framework.Info = info;
        _registry.AddFramework(info);
        effects.Add(new MasterEffect.Persist(new FrameworkAdded { FrameworkInfo = info }));
        return effects;
    }

    private FrameworkRecord AddFramework(FrameworkInfo info, IReadOnlyCollection<string> suppressedRoles)
    {
        var framework = new FrameworkRecord(info, _clock.Now);
        _frameworks[framework.Id] = framework;
        _registry.AddFramework(info);
        _allocator.AddFramework(framework.Id, framework.Roles, active: true, suppressedRoles);
        foreach (var task in _orphans.TakeRunning(framework.Id)) framework.Tasks[task.TaskId.Value] = task;
        foreach (var task in _orphans.TakeEnded(framework.Id)) framework.Complete(task);
        return framework;
    }

    private List<MasterEffect> RemoveFramework(FrameworkRecord framework)
    {
        var effects = new List<MasterEffect>();
        foreach (var offer in _offers.Values.Where(o => o.FrameworkId == framework.Id).ToList())
            effects.AddRange(Rescind(offer, notify: false));
        foreach (var agentId in framework.Tasks.Values.Select(t => t.AgentId.Value).Distinct())
            effects.Add(new MasterEffect.ToAgent(agentId, new ShutdownFramework { FrameworkId = framework.Info.Id }));
        foreach (var task in framework.Tasks.Values.ToList())
        {
            if (_agents.TryGetValue(task.AgentId.Value, out var agent)) agent.Used -= ResourceSet.FromProto(task.Resources);
            var previous = task.Statuses.Count > 0 ? task.Statuses[^1].State : (TaskState?)null;
            task.State = TaskState.TaskKilled;
            framework.Complete(task);
            Notify(new MasterChange.TaskUpdated(task, TaskStatusFactory.ForTask(task, TaskState.TaskKilled,
                TaskStatus.Types.Reason.FrameworkRemoved, $"Framework {framework.Id} removed", _clock.Now), previous));
        }
        // As Mesos, tasks on unreachable agents complete as killed too; an agent that comes back is told to shut them down.
        foreach (var task in framework.UnreachableTasks.Values)
        {
            var previous = task.State;
            task.State = TaskState.TaskKilled;
            framework.Complete(task);
            Notify(new MasterChange.TaskUpdated(task, TaskStatusFactory.ForTask(task, TaskState.TaskKilled,
                TaskStatus.Types.Reason.FrameworkRemoved, $"Framework {framework.Id} removed", _clock.Now), previous));
        }
        framework.UnreachableTasks.Clear();
        foreach (var executor in framework.Executors.Values)
            if (_agents.TryGetValue(executor.AgentId, out var agent)) agent.Used -= executor.Resources;
        framework.Executors.Clear();
        if (framework.StreamId is { } stream) effects.Add(new MasterEffect.CloseStream(framework.Id, stream));
        framework.StreamId = null;
        framework.Active = false;
        _frameworks.Remove(framework.Id);
        _completedFrameworks.AddLast(framework);
        if (_completedFrameworks.Count > 100) _completedFrameworks.RemoveFirst();
        _allocator.RemoveFramework(framework.Id);
        _registry.RemoveFramework(framework.Id);
        effects.Add(new MasterEffect.Persist(new FrameworkRemoved { FrameworkId = framework.Info.Id }));
        Notify(new MasterChange.FrameworkRemoved(framework.Info));
        return effects;
    }
}
