using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;
using ResponseType = Scheduler.Protocol.V1.MasterApi.Response.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>
/// Mesos's maintenance calls, answered inside the master actor: <c>GET_MAINTENANCE_SCHEDULE</c>,
/// <c>GET_MAINTENANCE_STATUS</c>, <c>UPDATE_MAINTENANCE_SCHEDULE</c>, <c>START_MAINTENANCE</c> and
/// <c>STOP_MAINTENANCE</c>; a change is 200 once recorded, or 400 with Mesos's reason.
/// </summary>
public static class MaintenanceCalls
{
    public static bool Handles(CallType type) => type is CallType.GetMaintenanceSchedule or CallType.GetMaintenanceStatus
        or CallType.UpdateMaintenanceSchedule or CallType.StartMaintenance or CallType.StopMaintenance;

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        switch (call.Type)
        {
            case CallType.GetMaintenanceSchedule:
                return (OperatorCallOutcome.Answered(new Response
                {
                    Type = ResponseType.GetMaintenanceSchedule,
                    GetMaintenanceSchedule = new Response.Types.GetMaintenanceSchedule { Schedule = core.MaintenanceSchedule },
                }), []);
            case CallType.GetMaintenanceStatus:
                return (OperatorCallOutcome.Answered(new Response
                {
                    Type = ResponseType.GetMaintenanceStatus,
                    GetMaintenanceStatus = new Response.Types.GetMaintenanceStatus { Status = core.MaintenanceStatus() },
                }), []);
        }
        var (error, effects) = call.Type switch
        {
            CallType.UpdateMaintenanceSchedule when call.UpdateMaintenanceSchedule?.Schedule is { } schedule =>
                core.UpdateMaintenanceSchedule(schedule),
            CallType.StartMaintenance when call.StartMaintenance is { } start => core.StartMaintenance(start.Machines),
            CallType.StopMaintenance when call.StopMaintenance is { } stop => core.StopMaintenance(stop.Machines),
            _ => ($"Failed to validate master::Call: Expecting '{Protocol.ProtoEnumNames.Of(call.Type).ToLowerInvariant()}' to be present",
                new List<MasterEffect>()),
        };
        return (error is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(error), effects);
    }
}
