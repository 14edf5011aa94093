using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Scheduler.Protocol;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Security.Limits;

/// <summary>
/// Bounds on a scheduler call's size and values checked before it reaches the master: operations per ACCEPT,
/// tasks per LAUNCH and LAUNCH_GROUP, and scalar resource values that are finite and not negative.
/// </summary>
public static class CallShapeLimits
{
    public static string? Check(Call call, ApiLimits limits)
    {
        if (call.Accept is { } accept)
        {
            if (accept.Operations.Count > limits.MaxOperationsPerAccept)
                return $"ACCEPT has {accept.Operations.Count} operations, more than the limit of {limits.MaxOperationsPerAccept}";
            for (var i = 0; i < accept.Operations.Count; i++)
            {
                var tasks = accept.Operations[i] switch
                {
                    { Launch: { } launch } => launch.TaskInfos.Count,
                    { LaunchGroup.TaskGroup: { } group } => group.Tasks.Count,
                    _ => 0,
                };
                if (tasks > limits.MaxTasksPerLaunch)
                    return $"Operation {i} ({ProtoEnumNames.Of(accept.Operations[i].Type)}) has {tasks} tasks, more than the limit of {limits.MaxTasksPerLaunch}";
            }
        }
        return InvalidScalar(call, "");
    }

    /// <summary>The first resource anywhere in the message whose scalar value is NaN, infinite or negative.</summary>
    public static string? InvalidScalar(IMessage message, string prefix)
    {
        if (message is Resource resource)
        {
            if (resource.Scalar is not { } scalar || (double.IsFinite(scalar.Value) && scalar.Value >= 0)) return null;
            var at = prefix.Length > 0 ? $" at '{prefix.TrimEnd('.')}'" : "";
            return $"Resource '{resource.Name}' has scalar value {scalar.Value.ToString(CultureInfo.InvariantCulture)}{at}: " +
                "it must be a finite, non-negative number";
        }
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsMap) continue;
            var path = prefix + field.Name;
            if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)field.Accessor.GetValue(message))
                    if (InvalidScalar((IMessage)item, $"{path}[{index++}].") is { } problem) return problem;
            }
            else if (field.Accessor.GetValue(message) is IMessage child && InvalidScalar(child, path + ".") is { } problem)
            {
                return problem;
            }
        }
        return null;
    }
}
