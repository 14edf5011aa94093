using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>The operator call <c>TEARDOWN</c>, answered inside the master actor: 200 once the framework is removed, 400 for one it does not have.</summary>
public static class TeardownCalls
{
    public static bool Handles(CallType type) => type is CallType.Teardown;

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        if (call.Teardown?.FrameworkId is not { } frameworkId)
            return (OperatorCallOutcome.BadRequest("Failed to validate master::Call: Expecting 'teardown' with a 'framework_id' to be present"), []);
        var (error, effects) = core.TeardownFramework(frameworkId);
        return (error is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(error), effects);
    }
}
