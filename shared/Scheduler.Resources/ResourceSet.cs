using System.Collections;
using System.Collections.Immutable;

namespace Scheduler.Resources;

/// <summary>
/// An immutable collection of resources with Mesos's semantics: resources of the same name,
/// kind, reservation and allocation add up into one entry; subtraction removes what is there
/// (never going below zero) and entries that become empty vanish.
/// </summary>
public sealed partial class ResourceSet : IEquatable<ResourceSet>, IReadOnlyCollection<Resource>
{
    // Invariants: no empty entries, and at most one entry per identity (name, kind, roles).
    private readonly ImmutableArray<Resource> entries;

    private ResourceSet(ImmutableArray<Resource> entries) => this.entries = entries;

    public static ResourceSet Empty { get; } = new(ImmutableArray<Resource>.Empty);

    public bool IsEmpty => entries.IsEmpty;

    public int Count => entries.Length;

    /// <summary>Total cpus whatever their reservation, or null when there are none.</summary>
    public double? Cpus => Scalar(WellKnownResources.Cpus);

    public double? MemMegabytes => Scalar(WellKnownResources.Mem);

    public double? DiskMegabytes => Scalar(WellKnownResources.Disk);

    /// <summary>All ports whatever their reservation.</summary>
    public RangeSet Ports => Ranges(WellKnownResources.Ports);

    /// <summary>The distinct resource names, in order of first appearance.</summary>
    public IReadOnlyList<string> Names => entries.Select(entry => entry.Name).Distinct(StringComparer.Ordinal).ToList();

    public static ResourceSet Of(params Resource[] resources) => Of((IEnumerable<Resource>)resources);

    public static ResourceSet Of(IEnumerable<Resource> resources)
    {
        var builder = new List<Resource>();
        foreach (var resource in resources)
        {
            AddInto(builder, resource);
        }

        return FromList(builder);
    }

    /// <summary>Parses Mesos's text form, e.g. <c>cpus:2;mem:1024;ports:[31000-32000];disk(eng):100;zones:{a,b}</c>.</summary>
    public static ResourceSet Parse(string text) =>
        TryParse(text, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string text, out ResourceSet result, out string error)
    {
        if (!ResourceTextParser.TryParse(text, out var resources, out error))
        {
            result = Empty;
            return false;
        }

        result = Of(resources);
        return true;
    }

    public ResourceSet Add(Resource resource)
    {
        if (resource.IsEmpty)
        {
            return this;
        }

        var builder = entries.ToList();
        AddInto(builder, resource);
        return FromList(builder);
    }

    public ResourceSet Add(ResourceSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var builder = entries.ToList();
        foreach (var resource in other.entries)
        {
            AddInto(builder, resource);
        }

        return FromList(builder);
    }

    public ResourceSet Subtract(Resource resource)
    {
        var builder = entries.ToList();
        SubtractFrom(builder, resource);
        return FromList(builder);
    }

    public ResourceSet Subtract(ResourceSet other)
    {
        if (other.IsEmpty || IsEmpty)
        {
            return this;
        }

        var builder = entries.ToList();
        foreach (var resource in other.entries)
        {
            SubtractFrom(builder, resource);
        }

        return FromList(builder);
    }

    public static ResourceSet operator +(ResourceSet left, ResourceSet right) => left.Add(right);

    public static ResourceSet operator +(ResourceSet left, Resource right) => left.Add(right);

    public static ResourceSet operator -(ResourceSet left, ResourceSet right) => left.Subtract(right);

    public static ResourceSet operator -(ResourceSet left, Resource right) => left.Subtract(right);

    /// <summary>True when every resource in <paramref name="other"/> is covered by a resource here.</summary>
    public bool Contains(ResourceSet other) => other.entries.All(Contains);

    public bool Contains(Resource resource) =>
        resource.IsEmpty || entries.Any(entry => entry.Includes(resource));

    /// <summary>Sum of the scalar resource of this name across reservations, or null when absent.</summary>
    public double? Scalar(string name) => ScalarTotal(name)?.ToDouble();

    /// <summary>Exact sum of the scalar resource of this name across reservations, or null when absent.</summary>
    public ScalarValue? ScalarTotal(string name)
    {
        ScalarValue? total = null;
        foreach (var entry in entries)
        {
            if (entry.Kind == ResourceKind.Scalar && entry.Name == name)
            {
                total = (total ?? ScalarValue.Zero) + entry.Scalar;
            }
        }

        return total;
    }

    /// <summary>Union of the ranges resource of this name across reservations.</summary>
    public RangeSet Ranges(string name) => entries
        .Where(entry => entry.Kind == ResourceKind.Ranges && entry.Name == name)
        .Aggregate(RangeSet.Empty, (union, entry) => union.Union(entry.Ranges));

    /// <summary>Union of the set resource of this name across reservations.</summary>
    public ItemSet Items(string name) => entries
        .Where(entry => entry.Kind == ResourceKind.Set && entry.Name == name)
        .Aggregate(ItemSet.Empty, (union, entry) => union.Union(entry.Items));

    /// <summary>Scalar quantities by name, summed across reservations and allocations; used for fairness.</summary>
    public IReadOnlyDictionary<string, double> ScalarQuantities() =>
        ScalarTotals().ToDictionary(pair => pair.Key, pair => pair.Value.ToDouble(), StringComparer.Ordinal);

    /// <summary>Exact scalar quantities by name, summed across reservations and allocations.</summary>
    public IReadOnlyDictionary<string, ScalarValue> ScalarTotals()
    {
        var totals = new Dictionary<string, ScalarValue>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(entry => entry.Kind == ResourceKind.Scalar))
        {
            totals[entry.Name] = totals.GetValueOrDefault(entry.Name) + entry.Scalar;
        }

        return totals;
    }

    public ResourceSet Filter(Func<Resource, bool> predicate) =>
        FromList(entries.Where(predicate).ToList());

    /// <summary>Resources reserved for exactly this role.</summary>
    public ResourceSet Reserved(string role) => Filter(entry => entry.IsReserved && entry.ReservationRole == role);

    /// <summary>Resources reserved for any role.</summary>
    public ResourceSet Reserved() => Filter(entry => entry.IsReserved);

    public ResourceSet Unreserved() => Filter(entry => !entry.IsReserved);

    /// <summary>
    /// What a framework in this role may be offered: unreserved resources plus those reserved for the role
    /// or for a role above it (a reservation for <c>eng</c> serves <c>eng/batch</c>), as in Mesos.
    /// </summary>
    public ResourceSet AllocatableTo(string role) =>
        Filter(entry => !entry.IsReserved || entry.ReservationRole == role || RoleName.IsStrictSubrole(role, entry.ReservationRole));

    public ResourceSet AllocatedTo(string role) => Filter(entry => entry.AllocationRole == role);

    /// <summary>The distinct roles resources here are allocated to.</summary>
    public IReadOnlyList<string> AllocationRoles() => entries
        .Select(entry => entry.AllocationRole)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>Marks every resource as allocated to this role.</summary>
    public ResourceSet Allocate(string role) => Of(entries.Select(entry => entry.WithAllocation(role)));

    /// <summary>Clears the allocation role of every resource.</summary>
    public ResourceSet Unallocate() =>
        entries.All(entry => !entry.IsAllocated) ? this : Of(entries.Select(entry => entry.WithAllocation(null)));

    public bool Equals(ResourceSet? other) =>
        other is not null
        && other.entries.Length == entries.Length
        && other.entries.All(theirs => entries.Any(ours => ours.Equals(theirs)));

    public override bool Equals(object? obj) => obj is ResourceSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var entry in entries)
        {
            hash = unchecked(hash + entry.GetHashCode());
        }

        return hash;
    }

    public static bool operator ==(ResourceSet? left, ResourceSet? right) => Equals(left, right);

    public static bool operator !=(ResourceSet? left, ResourceSet? right) => !Equals(left, right);

    public IEnumerator<Resource> GetEnumerator() => ((IEnumerable<Resource>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Mesos's text form: <c>cpus:2; mem:1024; ports:[31000-32000]</c>, or <c>{}</c> when empty.</summary>
    public override string ToString() => IsEmpty ? "{}" : string.Join("; ", entries);

    private static ResourceSet FromList(List<Resource> resources) =>
        resources.Count == 0 ? Empty : new ResourceSet([.. resources]);

    private static void AddInto(List<Resource> builder, Resource resource)
    {
        if (resource.IsEmpty)
        {
            return;
        }

        var index = builder.FindIndex(entry => entry.HasSameIdentity(resource));
        if (index < 0)
        {
            builder.Add(resource);
        }
        else
        {
            builder[index] = builder[index].Plus(resource);
        }
    }

    private static void SubtractFrom(List<Resource> builder, Resource resource)
    {
        var index = builder.FindIndex(entry => entry.HasSameIdentity(resource));
        if (index < 0)
        {
            return;
        }

        var remainder = builder[index].Minus(resource);
        if (remainder.IsEmpty)
        {
            builder.RemoveAt(index);
        }
        else
        {
            builder[index] = remainder;
        }
    }
}
