using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Framework.Matching;

/// <summary>
/// A request placed on an offer. <see cref="Resources"/> are the request's
/// resources as taken from the offer (allocated to the offer's role), ready to
/// go into the task's <c>TaskInfo</c>.
/// </summary>
public sealed record Placement(TaskRequest Request, Offer Offer, ResourceSet Resources)
{
    /// <summary>A command task with the request's id, on the offer's agent, with the placed resources.</summary>
    public TaskInfo ToTaskInfo(CommandInfo command, string? name = null)
    {
        var task = new TaskInfo
        {
            Name = name ?? Request.Id,
            TaskId = new TaskID { Value = Request.Id },
            AgentId = Offer.AgentId,
            Command = command,
        };
        task.Resources.AddRange(Resources.ToProto());
        return task;
    }
}
