using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Command tasks a framework launches.</summary>
public static class TaskInfos
{
    public static TaskInfo Shell(string taskId, string resources, string command = "sleep 10", string? agentId = null)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            Command = new CommandInfo { Shell = true, Value = command },
        };
        if (agentId is not null) task.AgentId = new AgentID { Value = agentId };
        task.Resources.AddRange(ResourceSet.Parse(resources).ToProto());
        return task;
    }
}
