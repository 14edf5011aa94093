using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// Dominant Resource Fairness: a client's share is the largest fraction it holds of any
/// scalar resource in the cluster. Only scalar resources count, as in Mesos; resources
/// with a zero total are ignored.
/// </summary>
public static class DominantShare
{
    public static double Compute(IReadOnlyDictionary<string, double> allocated, IReadOnlyDictionary<string, double> total)
    {
        var share = 0.0;
        foreach (var (name, totalQuantity) in total)
        {
            if (totalQuantity > 0 && allocated.TryGetValue(name, out var allocatedQuantity))
            {
                share = Math.Max(share, allocatedQuantity / totalQuantity);
            }
        }

        return share;
    }

    public static double Compute(ResourceSet allocated, ResourceSet total) =>
        Compute(allocated.ScalarQuantities(), total.ScalarQuantities());

    /// <summary>The share a sorter orders by: a client with twice the weight may hold twice the share.</summary>
    public static double Weighted(IReadOnlyDictionary<string, double> allocated, IReadOnlyDictionary<string, double> total, double weight) =>
        Compute(allocated, total) / weight;
}
