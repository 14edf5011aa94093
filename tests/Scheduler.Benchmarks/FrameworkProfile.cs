using Scheduler.Resources;

namespace Scheduler.Benchmarks;

/// <summary>
/// A kind of framework in the multi-framework benchmark: how many there are, how many tasks of what size each
/// wants to place, and how many it launches from one offer at most.
/// </summary>
/// <param name="RolePerFramework">Each framework in a role of its own (named as the framework), else all in one role named as the profile.</param>
public sealed record FrameworkProfile(
    string Name,
    int Instances,
    bool RolePerFramework,
    int TasksPerFramework,
    ResourceSet TaskResources,
    int MaxTasksPerOffer)
{
    public string FrameworkId(int instance) => $"{Name}-{instance + 1}";

    public string RoleOf(int instance) => RolePerFramework ? FrameworkId(instance) : Name;
}
