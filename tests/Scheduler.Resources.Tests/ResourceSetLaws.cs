using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

#pragma warning disable NUnit1027 // FsCheck supplies the arguments of property tests.

namespace Scheduler.Resources.Tests;

/// <summary>Algebraic laws of <see cref="ResourceSet"/>, checked on generated resources.</summary>
[TestFixture]
public sealed class ResourceSetLaws
{
    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Addition_is_commutative(ResourceSet a, ResourceSet b) => a + b == b + a;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Addition_is_associative(ResourceSet a, ResourceSet b, ResourceSet c) => (a + b) + c == a + (b + c);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Empty_is_the_identity_of_addition(ResourceSet a) => a + ResourceSet.Empty == a && ResourceSet.Empty + a == a;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Subtracting_what_was_added_restores_the_original(ResourceSet a, ResourceSet b)
    {
        // Ranges and sets add as unions, so only the part of b that a does not already hold comes back out.
        var disjointB = b - a.Filter(resource => resource.Kind != ResourceKind.Scalar);
        return a + disjointB - disjointB == a;
    }

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool A_sum_contains_both_parts(ResourceSet a, ResourceSet b) => (a + b).Contains(a) && (a + b).Contains(b);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Contains_is_reflexive(ResourceSet a) => a.Contains(a) && a.Contains(ResourceSet.Empty);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Contains_is_transitive(ResourceSet c, ResourceSet x, ResourceSet y)
    {
        var b = c + x;
        var a = b + y;
        return a.Contains(b) && b.Contains(c) && a.Contains(c);
    }

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool A_difference_is_contained_in_the_minuend(ResourceSet a, ResourceSet b) => a.Contains(a - b);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Adding_back_a_subtrahend_covers_the_original(ResourceSet a, ResourceSet b) => (a - b + b).Contains(a);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Removing_a_contained_part_and_adding_it_back_is_exact(ResourceSet part, ResourceSet rest)
    {
        var whole = part + rest;
        return whole - part + part == whole;
    }

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Subtracting_itself_leaves_nothing(ResourceSet a) => (a - a).IsEmpty;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Equal_sets_have_equal_hashes(ResourceSet a, ResourceSet b) =>
        (b + a).GetHashCode() == (a + b).GetHashCode();

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Parsing_the_text_form_gives_back_the_same_set(ResourceSet a) => ResourceSet.Parse(a.ToString()) == a;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Protobuf_round_trip_gives_back_the_same_set(ResourceSet a) => ResourceSet.FromProto(a.ToProto()) == a;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Allocating_then_unallocating_keeps_quantities(ResourceSet a) =>
        a.Allocate("web").Unallocate() == a.Unallocate()
        && a.Allocate("web").AllocatedTo("web") == a.Allocate("web");

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Reserved_and_unreserved_parts_partition_the_set(ResourceSet a) =>
        a.Reserved() + a.Unreserved() == a && (a.Reserved() - a.Unreserved()) == a.Reserved();

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Scalar_quantities_add_up(ResourceSet a, ResourceSet b)
    {
        var sum = (a + b).ScalarTotals();
        var names = a.ScalarTotals().Keys.Union(b.ScalarTotals().Keys);
        return names.All(name =>
            sum.GetValueOrDefault(name) == a.ScalarTotals().GetValueOrDefault(name) + b.ScalarTotals().GetValueOrDefault(name));
    }

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Scalar_sums_have_no_floating_dust(ScalarValue value, byte times)
    {
        var sum = ScalarValue.Zero;
        for (var i = 0; i < times; i++)
        {
            sum += value;
        }

        return sum.Thousandths == value.Thousandths * times
            && ScalarValue.Parse(sum.ToString()) == sum;
    }
}
