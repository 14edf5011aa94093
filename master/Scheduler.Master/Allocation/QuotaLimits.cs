using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The roles' quota limits: scalar quantities a role and every role below it may hold at most together,
/// as Mesos's quota limits. Only unreserved scalars are cut to fit; reservations and non-scalar resources
/// (ports) are offered as they are, as Mesos does. Resources without a limit are not limited.
/// </summary>
internal sealed class QuotaLimits(Func<string, IReadOnlyDictionary<string, double>> subtreeAllocation)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, ScalarValue>> limits = new(StringComparer.Ordinal);

    public IEnumerable<string> Roles => limits.Keys;

    /// <summary>Sets the role's limit; an empty one removes it.</summary>
    public void Set(string role, IReadOnlyDictionary<string, ScalarValue> limit)
    {
        if (limit.Count == 0)
        {
            limits.Remove(role);
        }
        else
        {
            limits[role] = new Dictionary<string, ScalarValue>(limit, StringComparer.Ordinal);
        }
    }

    public IReadOnlyDictionary<string, ScalarValue> Of(string role) =>
        limits.TryGetValue(role, out var limit) ? limit : new Dictionary<string, ScalarValue>();

    /// <summary>
    /// What the role may still be allocated, in thousandths by resource name: the least room left under its own
    /// limit and the limits of the roles above it. Null when neither it nor any role above it has a limit.
    /// </summary>
    public Dictionary<string, long>? Room(string role)
    {
        if (limits.Count == 0)
        {
            return null;
        }

        Dictionary<string, long>? room = null;
        for (var path = role; path is not null; path = ParentOf(path))
        {
            if (!limits.TryGetValue(path, out var limit))
            {
                continue;
            }

            room ??= new Dictionary<string, long>(StringComparer.Ordinal);
            var held = subtreeAllocation(path);
            foreach (var (name, quantity) in limit)
            {
                var left = Math.Max(0, quantity.Thousandths - ScalarValue.FromDouble(held.GetValueOrDefault(name)).Thousandths);
                room[name] = room.TryGetValue(name, out var tighter) ? Math.Min(tighter, left) : left;
            }
        }

        return room;
    }

    /// <summary>
    /// Cuts the unreserved scalars of <paramref name="offerable"/> down to <paramref name="room"/>, resource by
    /// resource; everything else passes unchanged.
    /// </summary>
    public static ResourceSet Cut(ResourceSet offerable, Dictionary<string, long> room)
    {
        var left = new Dictionary<string, long>(room, StringComparer.Ordinal);
        var kept = new List<Resource>();
        foreach (var resource in offerable)
        {
            if (resource.Kind != ResourceKind.Scalar || resource.IsReserved || !left.TryGetValue(resource.Name, out var available))
            {
                kept.Add(resource);
                continue;
            }

            var granted = Math.Min(available, resource.Scalar.Thousandths);
            left[resource.Name] = available - granted;
            if (granted > 0)
            {
                kept.Add(Resource.CreateScalar(resource.Name, ScalarValue.FromThousandths(granted), resource.ReservationRole, resource.AllocationRole));
            }
        }

        return ResourceSet.Of(kept);
    }

    private static string? ParentOf(string role)
    {
        var slash = role.LastIndexOf('/');
        return slash < 0 ? null : role[..slash];
    }
}
