using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The unreserved resources one allocation cycle must leave unallocated so that roles whose quota
/// guarantee is not yet met can still get it, as Mesos's allocator holds back "headroom".
/// </summary>
internal sealed class QuotaHeadroom(Dictionary<string, long> required, Dictionary<string, long> unallocated)
{
    /// <summary>Quantities in thousandths, by resource name, still owed to quota roles: a live view the guarantees keep up to date.</summary>
    public Dictionary<string, long> Required { get; } = required;

    /// <summary>Quantities in thousandths, by resource name, of unreserved resources nobody holds on active agents.</summary>
    public Dictionary<string, long> Unallocated { get; } = unallocated;

    /// <summary>Whether giving away these resources still leaves enough for every unmet guarantee.</summary>
    public bool CanGiveAway(ResourceSet resources)
    {
        foreach (var resource in resources)
        {
            if (resource.Kind != ResourceKind.Scalar || resource.IsReserved || !Required.TryGetValue(resource.Name, out var owed) || owed == 0)
            {
                continue;
            }

            if (Unallocated.GetValueOrDefault(resource.Name) - resource.Scalar.Thousandths < owed)
            {
                return false;
            }
        }

        return true;
    }

    public void GaveAway(ResourceSet resources)
    {
        foreach (var resource in resources)
        {
            if (resource.Kind == ResourceKind.Scalar && !resource.IsReserved)
            {
                Unallocated[resource.Name] = Unallocated.GetValueOrDefault(resource.Name) - resource.Scalar.Thousandths;
            }
        }
    }
}
