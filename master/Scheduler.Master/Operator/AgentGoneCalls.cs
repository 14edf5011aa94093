using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operator call <c>MARK_AGENT_GONE</c>, answered inside the master actor: 200 once the agent is marked gone
/// (or already was), 400 without an agent id or for an agent the master does not know.
/// </summary>
public static class AgentGoneCalls
{
    public static bool Handles(CallType type) => type is CallType.MarkAgentGone;

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        if (call.MarkAgentGone?.AgentId is not { } agentId)
            return (OperatorCallOutcome.BadRequest("Failed to validate master::Call: Expecting 'mark_agent_gone' with an 'agent_id' to be present"), []);
        var (error, effects) = core.MarkAgentGone(agentId);
        return (error is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(error), effects);
    }
}
