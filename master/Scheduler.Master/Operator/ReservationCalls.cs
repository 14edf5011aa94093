using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operator calls <c>RESERVE_RESOURCES</c> and <c>UNRESERVE_RESOURCES</c>, answered inside the master actor:
/// 202 once the agent's resources changed, 400 for an invalid request, 409 when the agent lacks the resources.
/// </summary>
public static class ReservationCalls
{
    public static bool Handles(CallType type) => type is CallType.ReserveResources or CallType.UnreserveResources;

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        var reserve = call.Type == CallType.ReserveResources;
        var field = reserve ? "reserve_resources" : "unreserve_resources";
        var agentId = reserve ? call.ReserveResources?.AgentId : call.UnreserveResources?.AgentId;
        if (agentId is null)
            return (OperatorCallOutcome.BadRequest($"Failed to validate master::Call: Expecting '{field}' with an 'agent_id' to be present"), []);
        var resources = reserve ? call.ReserveResources!.Resources : call.UnreserveResources!.Resources;
        var invalid = ReservationOperations.ValidateOperatorReservation(resources, out var parsed);
        if (invalid is not null) return (OperatorCallOutcome.BadRequest($"Invalid {(reserve ? "RESERVE" : "UNRESERVE")} operation: {invalid}"), []);

        var (error, effects) = core.UpdateReservations(agentId.Value, parsed, reserve);
        return (error is { } e ? new OperatorCallOutcome(e.Status, null, e.Message) : OperatorCallOutcome.Accepted, effects);
    }
}
