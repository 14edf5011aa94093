namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class RangeSetTests
{
    [Test]
    public void Overlapping_and_adjacent_ranges_merge()
    {
        var set = RangeSet.Of(new ValueRange(5, 10), new ValueRange(1, 3), new ValueRange(4, 4), new ValueRange(8, 20));

        Assert.That(set.Ranges, Is.EqualTo(new[] { new ValueRange(1, 20) }));
        Assert.That(set.Count, Is.EqualTo(20UL));
    }

    [Test]
    public void Subtracting_from_the_middle_splits_a_range()
    {
        var set = RangeSet.Parse("[31000-32000]") - RangeSet.Parse("[31500-31500, 31900-31999]");

        Assert.That(set.ToString(), Is.EqualTo("[31000-31499, 31501-31899, 32000-32000]"));
        Assert.That(set.Count, Is.EqualTo(1001UL - 1 - 100));
    }

    [Test]
    public void Subtracting_a_covering_range_leaves_nothing()
    {
        var set = RangeSet.Parse("[10-20, 30-40]") - RangeSet.Parse("[0-100]");

        Assert.That(set.IsEmpty, Is.True);
    }

    [Test]
    public void Contains_checks_every_value()
    {
        var set = RangeSet.Parse("[31000-32000, 33000-33005]");

        Assert.That(set.Contains(31000UL), Is.True);
        Assert.That(set.Contains(32001UL), Is.False);
        Assert.That(set.Contains(RangeSet.Parse("[31100-31200, 33005-33005]")), Is.True);
        Assert.That(set.Contains(RangeSet.Parse("[31900-33000]")), Is.False);
    }

    [Test]
    public void Formats_like_mesos()
    {
        Assert.That(RangeSet.Of(new ValueRange(33000, 33005), new ValueRange(31000, 32000)).ToString(),
            Is.EqualTo("[31000-32000, 33000-33005]"));
        Assert.That(RangeSet.Empty.ToString(), Is.EqualTo("[]"));
    }

    [TestCase("31000-32000", "is not a range list")]
    [TestCase("[5-1]", "range '5-1' begins after it ends")]
    [TestCase("[a-b]", "range 'a-b' is not of the form")]
    [TestCase("[1-2,,3-4]", "has an empty range")]
    [TestCase("[-3-4]", "range '-3-4' is not of the form")]
    public void Reports_what_is_wrong_with_bad_text(string text, string expectedError)
    {
        Assert.That(RangeSet.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expectedError));
    }

    [Test]
    public void Handles_the_largest_values_without_overflow()
    {
        var top = RangeSet.Of(ulong.MaxValue - 1, ulong.MaxValue) + RangeSet.Of(ulong.MaxValue - 5, ulong.MaxValue - 2);

        Assert.That(top.Ranges, Is.EqualTo(new[] { new ValueRange(ulong.MaxValue - 5, ulong.MaxValue) }));
        Assert.That((top - RangeSet.Of(ulong.MaxValue, ulong.MaxValue)).Count, Is.EqualTo(5UL));
    }
}
