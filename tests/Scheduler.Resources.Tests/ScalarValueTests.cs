namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ScalarValueTests
{
    [TestCase("2", 2000L)]
    [TestCase("0.5", 500L)]
    [TestCase("1024", 1024000L)]
    [TestCase(" 0.125 ", 125L)]
    [TestCase("1e3", 1000000L)]
    [TestCase("0.0004", 0L)]
    [TestCase("0.0005", 1L)]
    [TestCase("-1.5", -1500L)]
    public void Parses_to_thousandths(string text, long thousandths)
    {
        Assert.That(ScalarValue.Parse(text).Thousandths, Is.EqualTo(thousandths));
    }

    [TestCase(2000L, "2")]
    [TestCase(500L, "0.5")]
    [TestCase(1024000L, "1024")]
    [TestCase(125L, "0.125")]
    [TestCase(1010L, "1.01")]
    [TestCase(0L, "0")]
    [TestCase(-1500L, "-1.5")]
    [TestCase(12345678901L, "12345678.901")]
    public void Formats_as_the_shortest_exact_decimal(long thousandths, string text)
    {
        Assert.That(ScalarValue.FromThousandths(thousandths).ToString(), Is.EqualTo(text));
    }

    [TestCase("abc")]
    [TestCase("")]
    [TestCase("1.2.3")]
    [TestCase("nan")]
    [TestCase("1e30")]
    public void Rejects_text_that_is_not_a_usable_number(string text)
    {
        Assert.That(ScalarValue.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(text.Trim()));
    }

    [Test]
    public void Adding_a_tenth_ten_times_gives_exactly_one()
    {
        var sum = ScalarValue.Zero;
        for (var i = 0; i < 10; i++)
        {
            sum += ScalarValue.FromDouble(0.1);
        }

        Assert.That(sum, Is.EqualTo(ScalarValue.FromUnits(1)));
        Assert.That(sum.ToDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public void Rounds_doubles_to_thousandths_away_from_zero()
    {
        Assert.That(ScalarValue.FromDouble(0.1 + 0.2).Thousandths, Is.EqualTo(300));
        Assert.That(ScalarValue.FromDouble(2.0005).Thousandths, Is.EqualTo(2001));
        Assert.That(ScalarValue.FromDouble(-2.0005).Thousandths, Is.EqualTo(-2001));
    }

    [Test]
    public void Rejects_non_finite_doubles()
    {
        Assert.That(() => ScalarValue.FromDouble(double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => ScalarValue.FromDouble(double.PositiveInfinity), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Compares_by_value()
    {
        var half = ScalarValue.Parse("0.5");
        var one = ScalarValue.Parse("1");

        Assert.That(half < one, Is.True);
        Assert.That(one - half, Is.EqualTo(half));
        Assert.That(ScalarValue.Max(half, one), Is.EqualTo(one));
        Assert.That((half - one).IsNegative, Is.True);
    }
}
