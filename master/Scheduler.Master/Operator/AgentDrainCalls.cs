using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operator calls <c>DRAIN_AGENT</c>, <c>DEACTIVATE_AGENT</c> and <c>REACTIVATE_AGENT</c>, answered inside the
/// master actor: 200 once the change is recorded, 400 with Mesos's reason otherwise.
/// </summary>
public static class AgentDrainCalls
{
    public static bool Handles(CallType type) => type is CallType.DrainAgent or CallType.DeactivateAgent or CallType.ReactivateAgent;

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        var (error, effects) = call.Type switch
        {
            CallType.DrainAgent when call.DrainAgent?.AgentId is { } agentId =>
                core.DrainAgent(agentId, GracePeriodCap(call.DrainAgent), call.DrainAgent.MarkGone),
            CallType.DeactivateAgent when call.DeactivateAgent?.AgentId is { } agentId => core.DeactivateAgent(agentId),
            CallType.ReactivateAgent when call.ReactivateAgent?.AgentId is { } agentId => core.ReactivateAgent(agentId),
            _ => (Missing(call.Type), new List<MasterEffect>()),
        };
        return (error is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(error), effects);
    }

    private static TimeSpan? GracePeriodCap(Call.Types.DrainAgent drain) =>
        drain.MaxGracePeriod is { } duration ? duration.ToTimeSpan() : null;

    private static string Missing(CallType type)
    {
        var field = Protocol.ProtoEnumNames.Of(type).ToLowerInvariant();
        return $"Failed to validate master::Call: Expecting '{field}' with an 'agent_id' to be present";
    }
}
