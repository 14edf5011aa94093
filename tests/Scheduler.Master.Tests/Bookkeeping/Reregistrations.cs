using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Agents that already have an id registering again, with the tasks they still report.</summary>
public static class Reregistrations
{
    public static ReregisterAgent Of(string agentId, string resources, params (RunTask Run, TaskState State)[] tasks)
    {
        var info = Agents.With(resources).AgentInfo;
        info.Id = new AgentID { Value = agentId };
        var message = new ReregisterAgent { AgentInfo = info, Version = "0.1.0" };
        foreach (var (run, state) in tasks)
        {
            var task = new Protocol.V1.Task
            {
                Name = run.Task.Name,
                TaskId = run.Task.TaskId,
                FrameworkId = run.Framework.Id,
                AgentId = run.Task.AgentId,
                State = state,
            };
            task.Resources.AddRange(run.Task.Resources);
            message.Tasks.Add(task);
        }
        return message;
    }
}
