using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>The operator calls that change the master, each answered by the master actor with its core.</summary>
public static class MasterOperatorCalls
{
    public static bool Handles(CallType type) =>
        RoleSettingsCalls.Handles(type) || ReservationCalls.Handles(type) || AgentGoneCalls.Handles(type)
        || AgentDrainCalls.Handles(type) || TeardownCalls.Handles(type) || MaintenanceCalls.Handles(type);

    /// <summary>Handles the call, or refuses it with a 403 naming the ACL rule when the principal may not make it.</summary>
    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call, Authorizer? authorizer, string? principal) =>
        OperatorCallAuthorization.Denial(authorizer, principal, call, core) is { } denied
            ? (OperatorCallOutcome.Forbidden(denied), [])
            : Handle(core, call);

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call) => call.Type switch
    {
        _ when ReservationCalls.Handles(call.Type) => ReservationCalls.Handle(core, call),
        _ when AgentGoneCalls.Handles(call.Type) => AgentGoneCalls.Handle(core, call),
        _ when AgentDrainCalls.Handles(call.Type) => AgentDrainCalls.Handle(core, call),
        _ when TeardownCalls.Handles(call.Type) => TeardownCalls.Handle(core, call),
        _ when MaintenanceCalls.Handles(call.Type) => MaintenanceCalls.Handle(core, call),
        _ => RoleSettingsCalls.Handle(core, call),
    };
}
