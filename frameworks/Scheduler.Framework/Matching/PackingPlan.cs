using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Matching;

/// <summary>What <see cref="OfferPacker"/> decided for one batch of offers.</summary>
public sealed class PackingPlan(IReadOnlyList<Placement> placements, IReadOnlyList<TaskRequest> unplaced, IReadOnlyList<Offer> unusedOffers)
{
    public IReadOnlyList<Placement> Placements { get; } = placements;

    /// <summary>Requests no offer of the batch could take.</summary>
    public IReadOnlyList<TaskRequest> Unplaced { get; } = unplaced;

    /// <summary>Offers with no placement; decline them.</summary>
    public IReadOnlyList<Offer> UnusedOffers { get; } = unusedOffers;

    /// <summary>
    /// Launches the placements, one ACCEPT per offer, and declines the unused
    /// offers with <paramref name="declineFilters"/>, so that no offer is left held.
    /// </summary>
    public async Task ExecuteAsync(ISchedulerDriver driver, Func<Placement, TaskInfo> toTask, Filters? declineFilters = null, CancellationToken cancellationToken = default)
    {
        foreach (var byOffer in Placements.GroupBy(placement => placement.Offer.Id.Value, StringComparer.Ordinal))
        {
            var offer = byOffer.First().Offer;
            await driver.LaunchAsync(offer.Id, byOffer.Select(toTask).ToList(), declineFilters, cancellationToken).ConfigureAwait(false);
        }

        if (UnusedOffers.Count > 0)
            await driver.DeclineAsync(UnusedOffers.Select(offer => offer.Id).ToList(), declineFilters, cancellationToken).ConfigureAwait(false);
    }
}
