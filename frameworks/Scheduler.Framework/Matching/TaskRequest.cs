using Scheduler.Resources;

namespace Scheduler.Framework.Matching;

/// <summary>A task the framework wants to place: an id of its choosing and the resources it needs.</summary>
public sealed record TaskRequest(string Id, ResourceSet Resources)
{
    /// <summary>A request with resources in text form, e.g. <c>"cpus:0.1;mem:32"</c>.</summary>
    public TaskRequest(string id, string resources)
        : this(id, ResourceSet.Parse(resources))
    {
    }
}
