using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// What an ACCEPT does with the offers it names: its operations in order — LAUNCH, LAUNCH_GROUP, RESERVE and UNRESERVE —
/// and what is left going back to the allocator; and an operator's reservations of an agent's free resources.
/// </summary>
public sealed partial class MasterCore
{
    private IEnumerable<MasterEffect> Accept(FrameworkRecord framework, Call.Types.Accept accept)
    {
        var effects = new List<MasterEffect>();
        var launches = accept.Operations
            .Where(o => o.Type == Offer.Types.Operation.Types.Type.Launch && o.Launch is not null)
            .SelectMany(o => o.Launch.TaskInfos).ToList();

        var offers = new List<OfferRecord>();
        string? offerError = null;
        foreach (var offerId in accept.OfferIds)
        {
            if (!_offers.TryGetValue(offerId.Value, out var offer) || offer.FrameworkId != framework.Id)
                offerError = $"Offer {offerId.Value} is no longer valid";
            else if (!offers.Contains(offer)) offers.Add(offer);
        }
        // As Mesos, an offer named twice invalidates the whole ACCEPT (its resources would otherwise count twice).
        if (accept.OfferIds.GroupBy(id => id.Value).FirstOrDefault(ids => ids.Count() > 1) is { } repeated)
            offerError = $"Duplicate offer {repeated.Key} in offer list";
        if (offerError is null && offers.Count == 0) offerError = "No offers were given";
        if (offerError is null && offers.Select(o => o.AgentId).Distinct().Count() > 1)
            offerError = "Aggregated offers must belong to one agent";

        if (offerError is not null)
        {
            foreach (var offer in offers) effects.AddRange(ReturnOffer(framework, offer.OfferId, null));
            foreach (var task in launches)
                effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(
                    TaskStatusFactory.Create(task, TaskState.TaskDropped, TaskStatus.Types.Reason.InvalidOffers, offerError))));
            return effects;
        }

        var agent = _agents[offers[0].AgentId];
        var offeredRoles = offers.SelectMany(o => o.Resources.AllocationRoles()).Distinct().ToList();
        var taskRole = offeredRoles.Count == 1 ? offeredRoles[0] : framework.Role;
        var remaining = ResourceSet.Empty;
        foreach (var offer in offers)
        {
            _offers.Remove(offer.OfferId);
            agent.Offered -= offer.Resources;
            remaining += offer.Resources;
        }

        foreach (var operation in accept.Operations)
        {
            switch (operation.Type)
            {
                case Offer.Types.Operation.Types.Type.Launch when operation.Launch is not null:
                    Launch(framework, agent, operation.Launch.TaskInfos, taskRole, ref remaining, effects);
                    break;
                case Offer.Types.Operation.Types.Type.LaunchGroup when operation.LaunchGroup is not null:
                    LaunchGroup(framework, agent, operation.LaunchGroup, taskRole, ref remaining, effects);
                    break;
                case Offer.Types.Operation.Types.Type.Reserve when operation.Reserve is not null:
                    Reserve(framework, agent, operation.Reserve, taskRole, ref remaining, effects);
                    break;
                case Offer.Types.Operation.Types.Type.Unreserve when operation.Unreserve is not null:
                    Unreserve(framework, agent, operation.Unreserve, taskRole, ref remaining, effects);
                    break;
            }
        }

        if (!remaining.IsEmpty)
            _allocator.RecoverResources(framework.Id, agent.Id, remaining, RefuseDuration(accept.Filters));
        return effects;
    }

    private void Launch(FrameworkRecord framework, AgentRecord agent, IEnumerable<TaskInfo> launches, string taskRole,
        ref ResourceSet remaining, List<MasterEffect> effects)
    {
        foreach (var taskInfo in launches)
        {
            var task = taskInfo.Clone();
            if (OfferOperationAuthorization.LaunchDenial(Authorizer, framework.Info, task) is { } unauthorized)
            {
                effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(
                    TaskStatusFactory.Create(task, TaskState.TaskError, TaskStatus.Types.Reason.TaskUnauthorized, unauthorized))));
                framework.Stats.TasksRefused++;
                continue;
            }
            string? invalid;
            var resources = ResourceSet.Empty;
            if (ResourceSet.TryFromProto(task.Resources, out var parsed, out var resourceError))
            {
                resources = OfferRole.Inject(parsed, taskRole);
                invalid = TaskValidation.Validate(task, resources, remaining, framework);
            }
            else
                invalid = $"Invalid resources: {resourceError}";
            if (invalid is not null)
            {
                effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(
                    TaskStatusFactory.Create(task, TaskState.TaskError, TaskStatus.Types.Reason.TaskInvalid, invalid))));
                framework.Stats.TasksRefused++;
                continue;
            }
            remaining -= resources;
            task.AgentId = agent.Info.Id;
            task.Resources.Clear();
            task.Resources.AddRange(resources.ToProto());
            agent.Used += resources;
            var launched = TaskFactory.Create(task, framework.Info.Id);
            framework.Tasks[task.TaskId.Value] = launched;
            Notify(new MasterChange.TaskAdded(launched));
            effects.Add(new MasterEffect.ToAgent(agent.Id, new RunTask { Framework = framework.Info, Task = task }));
            framework.Stats.TasksLaunched++;
        }
    }

    private void LaunchGroup(FrameworkRecord framework, AgentRecord agent, Offer.Types.Operation.Types.LaunchGroup launch,
        string offerRole, ref ResourceSet remaining, List<MasterEffect> effects)
    {
        var executorId = launch.Executor?.ExecutorId?.Value ?? "";
        var running = framework.Executors.GetValueOrDefault(executorId);
        var unauthorized = OfferOperationAuthorization.LaunchGroupDenial(Authorizer, framework.Info, launch);
        var taskResources = new List<ResourceSet>();
        var executorResources = ResourceSet.Empty;
        var invalid = unauthorized
            ?? TaskGroupValidation.Validate(launch, framework, agent.Id, offerRole, remaining, running, out taskResources, out executorResources);
        if (invalid is not null)
        {
            var reason = unauthorized is null ? TaskStatus.Types.Reason.TaskGroupInvalid : TaskStatus.Types.Reason.TaskGroupUnauthorized;
            foreach (var task in launch.TaskGroup?.Tasks ?? [])
                effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Update(
                    TaskStatusFactory.Create(task, TaskState.TaskError, reason, invalid))));
            framework.Stats.TasksRefused += launch.TaskGroup?.Tasks.Count ?? 0;
            return;
        }

        var executor = launch.Executor!.Clone();
        executor.Type = ExecutorInfo.Types.Type.Default;
        executor.FrameworkId = framework.Info.Id;
        if (running is null)
        {
            executor.Resources.Clear();
            executor.Resources.AddRange(executorResources.ToProto());
            framework.Executors[executorId] = new ExecutorRecord(executor, agent.Id, executorResources);
            remaining -= executorResources;
            agent.Used += executorResources;
        }

        var group = new TaskGroupInfo();
        foreach (var (info, resources) in launch.TaskGroup.Tasks.Zip(taskResources))
        {
            var task = info.Clone();
            task.AgentId = agent.Info.Id;
            task.Resources.Clear();
            task.Resources.AddRange(resources.ToProto());
            remaining -= resources;
            agent.Used += resources;
            var record = TaskFactory.Create(task, framework.Info.Id);
            record.ExecutorId = executor.ExecutorId;
            framework.Tasks[task.TaskId.Value] = record;
            Notify(new MasterChange.TaskAdded(record));
            group.Tasks.Add(task);
            framework.Stats.TasksLaunched++;
        }
        effects.Add(new MasterEffect.ToAgent(agent.Id, new RunTaskGroup { Framework = framework.Info, Executor = executor, TaskGroup = group }));
    }

    /// <summary>Gives back an executor's own resources once none of its tasks is left.</summary>
    private void ReleaseExecutorIfIdle(FrameworkRecord framework, Protocol.V1.Task task)
    {
        if (task.ExecutorId is null || !framework.Executors.TryGetValue(task.ExecutorId.Value, out var executor)) return;
        if (framework.Tasks.Values.Any(t => t.ExecutorId?.Value == executor.Id)) return;
        framework.Executors.Remove(executor.Id);
        if (_agents.TryGetValue(executor.AgentId, out var agent)) agent.Used -= executor.Resources;
        _allocator.RecoverResources(framework.Id, executor.AgentId, executor.Resources, null);
    }

    private void Reserve(FrameworkRecord framework, AgentRecord agent, Offer.Types.Operation.Types.Reserve reserve,
        string offerRole, ref ResourceSet remaining, List<MasterEffect> effects)
    {
        var principal = FrameworkRoleAuthorization.PrincipalOf(framework.Info);
        var invalid = OfferOperationAuthorization.ReserveDenial(Authorizer, principal, reserve.Resources);
        var reserved = ResourceSet.Empty;
        var after = remaining;
        invalid ??= ReservationOperations.ValidateReserve(framework, reserve.Resources, offerRole, remaining, out reserved, out after);
        if (invalid is not null)
        {
            framework.Stats.OperationsDropped++;
            Log.Warn("Dropping RESERVE operation of framework {0}: {1}", framework.Id, invalid);
            return;
        }
        var consumed = ReservationConversion.WithoutReservations(reserved);
        ConvertHeld(framework, agent, consumed, reserved, after, ref remaining, effects);
    }

    private void Unreserve(FrameworkRecord framework, AgentRecord agent, Offer.Types.Operation.Types.Unreserve unreserve,
        string offerRole, ref ResourceSet remaining, List<MasterEffect> effects)
    {
        var invalid = OfferOperationAuthorization.UnreserveDenial(Authorizer, FrameworkRoleAuthorization.PrincipalOf(framework.Info), unreserve.Resources);
        var unreserved = ResourceSet.Empty;
        var after = remaining;
        invalid ??= ReservationOperations.ValidateUnreserve(unreserve.Resources, offerRole, remaining, out unreserved, out after);
        if (invalid is not null)
        {
            framework.Stats.OperationsDropped++;
            Log.Warn("Dropping UNRESERVE operation of framework {0}: {1}", framework.Id, invalid);
            return;
        }
        ConvertHeld(framework, agent, unreserved, ReservationConversion.WithoutReservations(unreserved), after, ref remaining, effects);
    }

    /// <summary>Applies a reservation change to what a framework holds of its offers and to the agent, and tells the agent.</summary>
    private void ConvertHeld(FrameworkRecord framework, AgentRecord agent, ResourceSet consumed, ResourceSet converted,
        ResourceSet after, ref ResourceSet remaining, List<MasterEffect> effects)
    {
        _allocator.UpdateAllocation(framework.Id, agent.Id, consumed, converted);
        agent.Total = agent.Total - consumed.Unallocate() + converted.Unallocate();
        remaining = after;
        effects.Add(new MasterEffect.ToAgent(agent.Id, CheckpointOf(agent)));
    }

    /// <summary>
    /// An operator's RESERVE_RESOURCES (<paramref name="reserve"/> true) or UNRESERVE_RESOURCES of resources the agent
    /// has free, as Mesos's master: offers on the agent are rescinded while it lacks what the operation needs.
    /// Returns null when done, or the HTTP status and the reason it was not.
    /// </summary>
    public ((int Status, string Message)? Error, List<MasterEffect> Effects) UpdateReservations(string agentId, ResourceSet resources, bool reserve)
    {
        var effects = new List<MasterEffect>();
        if (!_agents.TryGetValue(agentId, out var agent)) return ((400, $"No agent found with specified ID '{agentId}'"), effects);
        var consumed = reserve ? ReservationConversion.WithoutReservations(resources) : resources;
        var converted = reserve ? resources : ReservationConversion.WithoutReservations(resources);
        var name = reserve ? "RESERVE" : "UNRESERVE";
        if (!agent.Total.Contains(consumed))
            return ((409, $"Invalid {name} operation: {agent.Total} does not contain {consumed}"), effects);
        foreach (var offer in _offers.Values.Where(o => o.AgentId == agentId).ToList())
        {
            if (_allocator.AgentAvailable(agentId).Contains(consumed)) break;
            effects.AddRange(Rescind(offer));
        }
        if (!_allocator.UpdateAvailable(agentId, consumed, converted))
            return ((409, $"Invalid {name} operation: the agent's free resources {_allocator.AgentAvailable(agentId)} do not contain {consumed}"), effects);
        agent.Total = agent.Total - consumed + converted;
        effects.Add(new MasterEffect.ToAgent(agent.Id, CheckpointOf(agent)));
        return (null, effects);
    }

    private static CheckpointResources CheckpointOf(AgentRecord agent)
    {
        var checkpoint = new CheckpointResources();
        checkpoint.Resources.AddRange(agent.Total.Filter(resource => resource.IsDynamicallyReserved).ToProto());
        return checkpoint;
    }
}
