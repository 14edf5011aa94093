using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// The role resources taken from an offer are allocated to: a multi-role framework names it in each resource's
/// <c>allocation_info</c>; for others the master puts in the offer's role, as Mesos's master injects allocation info.
/// </summary>
public static class OfferRole
{
    public static ResourceSet Inject(ResourceSet resources, string offerRole) =>
        resources.All(resource => resource.IsAllocated) ? resources : resources.Allocate(offerRole);
}
