using System.Globalization;
using Scheduler.Framework.Matching;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Services.Apps;

/// <summary>
/// Why no offer of a batch could take one more instance: the resources each offer lacked, or the constraint that
/// refused its agent, summed up in one line such as
/// <c>no offer matched: mem short on 2 offers (needs 128, at most 64 offered); ["hostname", "UNIQUE"] refused 1 offer</c>.
/// </summary>
public static class OfferShortfall
{
    public static string Describe(
        IReadOnlyList<Offer> offers, ResourceSet wanted, IReadOnlyList<PlacementConstraint> constraints, IReadOnlyCollection<PlacementSite> placed)
    {
        if (offers.Count == 0) return "no offer matched: no offers left";
        var shortages = new SortedDictionary<string, (int Offers, double MostOffered)>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);
        var other = 0;
        var needed = wanted.ScalarQuantities();
        foreach (var offer in offers)
        {
            var offered = Usable(offer).ScalarQuantities();
            var lacking = needed.Where(pair => offered.GetValueOrDefault(pair.Key) + 1e-9 < pair.Value).Select(pair => pair.Key).ToList();
            foreach (var name in lacking)
            {
                var (count, most) = shortages.GetValueOrDefault(name);
                shortages[name] = (count + 1, Math.Max(most, offered.GetValueOrDefault(name)));
            }
            if (lacking.Count > 0) continue;
            var site = PlacementSite.FromOffer(offer);
            if (constraints.FirstOrDefault(constraint => !constraint.Allows(site, placed)) is { } refusing)
                refusals[refusing.ToString()] = refusals.GetValueOrDefault(refusing.ToString()) + 1;
            else
                other++;
        }
        var parts = shortages.Select(pair =>
                $"{pair.Key} short on {Offers(pair.Value.Offers)} (needs {Number(needed[pair.Key])}, at most {Number(pair.Value.MostOffered)} offered)")
            .Concat(refusals.Select(pair => $"{pair.Key} refused {Offers(pair.Value)}"))
            .Concat(other > 0 ? [$"{Offers(other)} lacked other resources"] : []);
        return "no offer matched: " + string.Join("; ", parts);
    }

    private static ResourceSet Usable(Offer offer) =>
        ResourceSet.FromProto(offer.Resources.Where(resource => ResourceSet.TryFromProto([resource], out _, out _)));

    private static string Offers(int count) => count == 1 ? "1 offer" : $"{count} offers";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
