using FsCheck;
using FsCheck.Fluent;

namespace Scheduler.Resources.Tests;

/// <summary>Registers <see cref="ResourceGenerators"/> with FsCheck for property parameters.</summary>
public static class ResourceArbitraries
{
    public static Arbitrary<ScalarValue> ScalarValues() => ResourceGenerators.Scalar.ToArbitrary();

    public static Arbitrary<RangeSet> RangeSets() => ResourceGenerators.Ranges.ToArbitrary();

    public static Arbitrary<ItemSet> ItemSets() => ResourceGenerators.Items.ToArbitrary();

    public static Arbitrary<ResourceSet> ResourceSets() => ResourceGenerators.ResourceSet.ToArbitrary();
}
