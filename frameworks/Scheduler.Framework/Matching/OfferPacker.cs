using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Framework.Matching;

/// <summary>
/// Packs a group of task requests into a batch of offers, first fit decreasing:
/// the request with the largest dominant share (its largest fraction of any
/// resource offered in the batch) goes first, each to the first offer that
/// still holds its resources and whose agent every constraint allows, given the
/// group's tasks placed already (<c>alreadyPlaced</c>) and those placed so far in
/// this plan. Offers' resources that the resource algebra does not model (disk
/// info, revocable, shared) are left alone.
/// </summary>
public sealed class OfferPacker(IEnumerable<PlacementConstraint>? constraints = null)
{
    private readonly IReadOnlyList<PlacementConstraint> constraints = constraints?.ToList() ?? [];

    public PackingPlan Pack(IReadOnlyList<Offer> offers, IEnumerable<TaskRequest> requests, IEnumerable<PlacementSite>? alreadyPlaced = null)
    {
        var sites = offers.Select(PlacementSite.FromOffer).ToList();
        var remaining = offers.Select(UsableResources).ToList();
        var totals = remaining.Aggregate(ResourceSet.Empty, (sum, resources) => sum + resources).ScalarQuantities();
        var placedSites = alreadyPlaced?.ToList() ?? [];
        var placements = new List<Placement>();
        var unplaced = new List<TaskRequest>();
        var used = new bool[offers.Count];

        var ordered = requests
            .Select((request, index) => (Request: request, Index: index))
            .OrderByDescending(entry => DominantShare(entry.Request.Resources, totals))
            .ThenBy(entry => entry.Index)
            .Select(entry => entry.Request);
        foreach (var request in ordered)
        {
            var placed = false;
            for (var i = 0; i < offers.Count && !placed; i++)
            {
                var wanted = InOffersRole(request.Resources, remaining[i]);
                if (!remaining[i].Contains(wanted) || !constraints.All(constraint => constraint.Allows(sites[i], placedSites)))
                    continue;

                remaining[i] -= wanted;
                placedSites.Add(sites[i]);
                placements.Add(new Placement(request, offers[i], wanted));
                used[i] = placed = true;
            }

            if (!placed)
                unplaced.Add(request);
        }

        return new PackingPlan(placements, unplaced, offers.Where((_, i) => !used[i]).ToList());
    }

    /// <summary>The largest fraction of the batch's total of any scalar the request needs.</summary>
    internal static double DominantShare(ResourceSet request, IReadOnlyDictionary<string, double> totals) =>
        request.ScalarQuantities()
            .Select(pair => totals.GetValueOrDefault(pair.Key) is > 0 and var total ? pair.Value / total : double.PositiveInfinity)
            .DefaultIfEmpty(0)
            .Max();

    // Offered resources carry the role they are allocated to; a request must name the same role to be contained.
    private static ResourceSet InOffersRole(ResourceSet request, ResourceSet offered)
    {
        var roles = offered.AllocationRoles();
        return roles.Count == 1 && request.AllocationRoles().Count == 0 ? request.Allocate(roles[0]) : request;
    }

    private static ResourceSet UsableResources(Offer offer) =>
        ResourceSet.FromProto(offer.Resources.Where(resource => ResourceSet.TryFromProto([resource], out _, out _)));
}
