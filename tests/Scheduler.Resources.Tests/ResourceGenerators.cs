using FsCheck;
using FsCheck.Fluent;

namespace Scheduler.Resources.Tests;

/// <summary>
/// Generators for the property tests. Names keep a fixed kind (as agents advertise them),
/// values stay small so that overlaps and exact cancellations happen often.
/// </summary>
public static class ResourceGenerators
{
    public const ulong RangeUniverseEnd = 60;

    private static readonly string[] ScalarNames = ["cpus", "mem", "disk", "gpus"];
    private static readonly string[] Roles = [RoleName.Unreserved, RoleName.Unreserved, "eng", "web"];
    private static readonly string?[] AllocationRoles = [null, null, "eng"];
    private static readonly string[] Zones = ["a", "b", "c", "d"];

    public static Gen<ScalarValue> Scalar { get; } =
        Gen.Choose(0, 20_000).Select(thousandths => ScalarValue.FromThousandths(thousandths));

    public static Gen<ValueRange> Range { get; } =
        from begin in Gen.Choose(0, (int)RangeUniverseEnd)
        from length in Gen.Choose(0, 12)
        select new ValueRange((ulong)begin, Math.Min(RangeUniverseEnd, (ulong)(begin + length)));

    public static Gen<RangeSet> Ranges { get; } =
        Gen.Choose(0, 4).SelectMany(count => Gen.ListOf(Range, count)).Select(ranges => RangeSet.Of(ranges));

    public static Gen<ItemSet> Items { get; } = Gen.SubListOf(Zones).Select(items => ItemSet.Of(items));

    public static Gen<Resource> Resource { get; } =
        from reservation in Gen.Elements(Roles)
        from allocation in Gen.Elements(AllocationRoles)
        from kind in Gen.Frequency((6, Gen.Constant(ResourceKind.Scalar)), (2, Gen.Constant(ResourceKind.Ranges)), (1, Gen.Constant(ResourceKind.Set)))
        from name in Gen.Elements(ScalarNames)
        from scalar in Scalar
        from ranges in Ranges
        from items in Items
        select kind switch
        {
            ResourceKind.Scalar => Scheduler.Resources.Resource.CreateScalar(name, scalar, reservation, allocation),
            ResourceKind.Ranges => Scheduler.Resources.Resource.CreateRanges(WellKnownResources.Ports, ranges, reservation, allocation),
            _ => Scheduler.Resources.Resource.CreateSet("zones", items, reservation, allocation),
        };

    public static Gen<ResourceSet> ResourceSet { get; } =
        Gen.Choose(0, 6).SelectMany(count => Gen.ListOf(Resource, count)).Select(resources => Scheduler.Resources.ResourceSet.Of(resources));
}
