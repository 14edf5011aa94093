using Scheduler.Framework.Matching;
using Scheduler.Protocol.V1;

namespace Scheduler.Services.Apps;

/// <summary>What to do with a batch of offers: the plan, the task to launch per placement, and how long to refuse the rest.</summary>
public sealed record LaunchPlan(PackingPlan Plan, IReadOnlyDictionary<string, TaskInfo> Tasks, TimeSpan RefuseFor)
{
    public TaskInfo TaskFor(Placement placement) => Tasks[placement.Request.Id];
}
