using Scheduler.Batch.Specs;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Jobs;

/// <summary>
/// An upper bound on how many instances of a task a batch of offers can hold, so that planning does not build a
/// request for every one of thousands of pending instances when only a few hundred can fit. It may overestimate
/// (it ignores roles and rounds up) but never underestimates, so nothing that would fit is left out.
/// </summary>
internal sealed class OfferCapacity(IReadOnlyList<Offer> offers)
{
    private readonly List<IReadOnlyDictionary<string, double>> offered = offers
        .Select(offer => ResourceSet.FromProto(offer.Resources.Where(resource => ResourceSet.TryFromProto([resource], out _, out _))).ScalarQuantities())
        .ToList();

    private readonly Dictionary<TaskSpec, int> bySpec = new(ReferenceEqualityComparer.Instance);

    public int MostInstancesOf(TaskSpec spec)
    {
        if (bySpec.TryGetValue(spec, out var most)) return most;
        var wanted = ResourceSet.Parse(TaskInfoFactory.Resources(spec)).ScalarQuantities();
        most = (int)Math.Min(int.MaxValue, offered.Sum(resources => (long)InstancesFitting(resources, wanted)));
        bySpec[spec] = most;
        return most;
    }

    private static int InstancesFitting(IReadOnlyDictionary<string, double> offered, IReadOnlyDictionary<string, double> wanted)
    {
        var fitting = int.MaxValue;
        foreach (var (name, amount) in wanted)
        {
            if (amount <= 0) continue;
            var available = offered.GetValueOrDefault(name);
            // One more than the quotient, so that rounding in the quotient never costs a placement.
            fitting = (int)Math.Min(fitting, Math.Ceiling(available / amount) + 1);
        }
        return fitting;
    }
}
