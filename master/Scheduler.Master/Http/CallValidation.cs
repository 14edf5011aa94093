using Scheduler.Master.Security.Limits;
using Scheduler.Protocol;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Http;

/// <summary>Checks the shape of a scheduler call before it reaches the master, with Mesos's messages.</summary>
public static class CallValidation
{
    /// <summary>The call's shape checked, after its size and resource values are checked against the limits.</summary>
    public static string? Validate(Call call, ApiLimits limits) => CallShapeLimits.Check(call, limits) ?? Validate(call);

    public static string? Validate(Call call)
    {
        if (!call.HasType || call.Type == Call.Types.Type.Unknown) return "Expecting 'type' to be present";
        var missing = RequiredFields.Missing(call);
        if (missing.Count > 0) return $"Missing required fields: {string.Join(", ", missing)}";
        if (call.Type == Call.Types.Type.Subscribe)
        {
            if (call.Subscribe is null) return "Expecting 'subscribe' to be present";
            if (call.Subscribe.FrameworkInfo is null) return "Expecting 'subscribe.framework_info' to be present";
            var infoId = call.Subscribe.FrameworkInfo.Id?.Value;
            var callId = call.FrameworkId?.Value;
            if (infoId != callId && !(string.IsNullOrEmpty(infoId) && string.IsNullOrEmpty(callId)))
                return "'framework_id' differs from 'subscribe.framework_info.id'";
            return null;
        }
        if (call.FrameworkId is null) return "Expecting 'framework_id' to be present";
        return call.Type switch
        {
            Call.Types.Type.Accept when call.Accept is null => "Expecting 'accept' to be present",
            Call.Types.Type.Decline when call.Decline is null => "Expecting 'decline' to be present",
            Call.Types.Type.Acknowledge when call.Acknowledge is null => "Expecting 'acknowledge' to be present",
            Call.Types.Type.Acknowledge when !call.Acknowledge.HasUuid => "Expecting 'acknowledge.uuid' to be present",
            Call.Types.Type.Kill when call.Kill is null => "Expecting 'kill' to be present",
            Call.Types.Type.Reconcile when call.Reconcile is null => "Expecting 'reconcile' to be present",
            Call.Types.Type.Message when call.Message is null => "Expecting 'message' to be present",
            Call.Types.Type.UpdateFramework when call.UpdateFramework is null => "Expecting 'update_framework' to be present",
            Call.Types.Type.UpdateFramework when call.UpdateFramework.FrameworkInfo?.Id?.Value != call.FrameworkId.Value =>
                "'framework_id' differs from 'update_framework.framework_info.id'",
            _ => null,
        };
    }
}
