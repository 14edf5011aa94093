using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

#pragma warning disable NUnit1027 // FsCheck supplies the arguments of property tests.

namespace Scheduler.Resources.Tests;

/// <summary>
/// <see cref="RangeSet"/> checked against a plain set of numbers as the model: merging and
/// splitting must be exact, with no value gained or lost.
/// </summary>
[TestFixture]
public sealed class RangeSetLaws
{
    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Union_matches_the_model(RangeSet a, RangeSet b) => Model(a + b).SetEquals(Model(a).Union(Model(b)));

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Subtraction_matches_the_model(RangeSet a, RangeSet b) => Model(a - b).SetEquals(Model(a).Except(Model(b)));

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Intersection_matches_the_model(RangeSet a, RangeSet b) =>
        Model(a.Intersect(b)).SetEquals(Model(a).Intersect(Model(b)));

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Contains_matches_the_model(RangeSet a, RangeSet b) => a.Contains(b) == Model(a).IsSupersetOf(Model(b));

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Count_matches_the_model(RangeSet a) => a.Count == (ulong)Model(a).Count;

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Ranges_are_sorted_disjoint_and_never_adjacent(RangeSet a) =>
        a.Ranges.Zip(a.Ranges.Skip(1)).All(pair => pair.First.End + 1 < pair.Second.Begin);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Equal_contents_mean_equal_sets(RangeSet a, RangeSet b) =>
        Model(a).SetEquals(Model(b)) == (a == b);

    [Property(Arbitrary = [typeof(ResourceArbitraries)])]
    public bool Parsing_the_text_form_gives_back_the_same_set(RangeSet a) => RangeSet.Parse(a.ToString()) == a;

    private static HashSet<ulong> Model(RangeSet set)
    {
        var values = new HashSet<ulong>();
        foreach (var range in set.Ranges)
        {
            for (var value = range.Begin; value <= range.End; value++)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
