namespace Scheduler.Master.Allocation;

/// <summary>What the allocator knows of one framework.</summary>
internal sealed class FrameworkState(string id, IReadOnlyList<string> roles, bool active)
{
    public string Id { get; } = id;

    public IReadOnlyList<string> Roles { get; } = roles;

    public bool Active { get; set; } = active;

    public bool Suppressed { get; set; }

    public bool WantsOffers => Active && !Suppressed;

    public List<RefusalFilter> Filters { get; } = [];
}
