using Google.Protobuf;
using Scheduler.Protocol.V1;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Protocol.Tests;

/// <summary>Small, fully initialized protocol messages for tests.</summary>
internal static class SampleMessages
{
    public static Resource Scalar(string name, double value, string? allocatedRole = null)
    {
        var resource = new Resource
        {
            Name = name,
            Type = Value.Types.Type.Scalar,
            Scalar = new Value.Types.Scalar { Value = value },
        };
        if (allocatedRole is not null)
            resource.AllocationInfo = new Resource.Types.AllocationInfo { Role = allocatedRole };
        return resource;
    }

    public static Resource Ports(ulong begin, ulong end) => new()
    {
        Name = "ports",
        Type = Value.Types.Type.Ranges,
        Ranges = new Value.Types.Ranges { Range = { new Value.Types.Range { Begin = begin, End = end } } },
    };

    public static FrameworkInfo Framework(string id = "framework-1") => new()
    {
        User = "root",
        Name = "sample framework",
        Id = new FrameworkID { Value = id },
        FailoverTimeout = 3600,
        Roles = { "analytics", "web" },
        Capabilities = { new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole } },
    };

    public static TaskInfo Task(string id = "task-1", string agentId = "agent-1") => new()
    {
        Name = "sleep",
        TaskId = new TaskID { Value = id },
        AgentId = new AgentID { Value = agentId },
        Resources = { Scalar("cpus", 0.5), Scalar("mem", 128), Ports(31000, 31005) },
        Command = new CommandInfo { Value = "sleep 60", Arguments = { "a", "b" } },
        Labels = new Labels { Labels_ = { new Label { Key = "team", Value = "core" } } },
    };

    public static TaskStatus RunningStatus(string taskId = "task-1", string agentId = "agent-1") => new()
    {
        TaskId = new TaskID { Value = taskId },
        State = TaskState.TaskRunning,
        Source = TaskStatus.Types.Source.Executor,
        AgentId = new AgentID { Value = agentId },
        Uuid = ByteString.CopyFrom(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToByteArray()),
        Timestamp = 1700000000.25,
    };

    public static Offer Offer(string id = "offer-1") => new()
    {
        Id = new OfferID { Value = id },
        FrameworkId = new FrameworkID { Value = "framework-1" },
        AgentId = new AgentID { Value = "agent-1" },
        Hostname = "node-1.example.org",
        AllocationInfo = new Resource.Types.AllocationInfo { Role = "web" },
        Resources = { Scalar("cpus", 4, "web"), Scalar("mem", 8192, "web") },
    };
}
