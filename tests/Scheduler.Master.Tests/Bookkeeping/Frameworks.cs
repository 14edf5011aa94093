using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>SUBSCRIBE calls of frameworks.</summary>
public static class Frameworks
{
    public static Call.Types.Subscribe Named(string name, string user = "alice") =>
        new() { FrameworkInfo = new FrameworkInfo { Name = name, User = user } };

    /// <summary>A multi-role framework's SUBSCRIBE, with offers for <paramref name="suppressedRoles"/> suppressed from the start.</summary>
    public static Call.Types.Subscribe InRoles(string name, IEnumerable<string> roles, IEnumerable<string>? suppressedRoles = null)
    {
        var subscribe = Named(name);
        subscribe.FrameworkInfo.Roles.AddRange(roles);
        subscribe.FrameworkInfo.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole });
        subscribe.SuppressedRoles.AddRange(suppressedRoles ?? []);
        return subscribe;
    }

    /// <summary>The same subscription, resubscribing as the framework with this id.</summary>
    public static Call.Types.Subscribe WithId(this Call.Types.Subscribe subscribe, string frameworkId)
    {
        var copy = subscribe.Clone();
        copy.FrameworkInfo.Id = new FrameworkID { Value = frameworkId };
        return copy;
    }

    /// <summary>The same subscription with the PARTITION_AWARE capability: TASK_UNREACHABLE and TASK_GONE instead of TASK_LOST.</summary>
    public static Call.Types.Subscribe PartitionAware(this Call.Types.Subscribe subscribe)
    {
        var copy = subscribe.Clone();
        copy.FrameworkInfo.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        return copy;
    }

    /// <summary>The same subscription, asking the master to wait this long for the framework to fail over.</summary>
    public static Call.Types.Subscribe WithFailoverTimeout(this Call.Types.Subscribe subscribe, TimeSpan timeout)
    {
        var copy = subscribe.Clone();
        copy.FrameworkInfo.FailoverTimeout = timeout.TotalSeconds;
        return copy;
    }
}
