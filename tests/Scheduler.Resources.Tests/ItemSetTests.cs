namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ItemSetTests
{
    [Test]
    public void Union_subtraction_and_containment_are_set_operations()
    {
        var ab = ItemSet.Parse("{a,b}");
        var bc = ItemSet.Parse("{ b , c }");

        Assert.That((ab + bc).ToString(), Is.EqualTo("{a, b, c}"));
        Assert.That((ab - bc).ToString(), Is.EqualTo("{a}"));
        Assert.That((ab + bc).Contains(ab), Is.True);
        Assert.That(ab.Contains(bc), Is.False);
    }

    [Test]
    public void Order_of_items_does_not_matter()
    {
        Assert.That(ItemSet.Parse("{b,a}"), Is.EqualTo(ItemSet.Of("a", "b")));
        Assert.That(ItemSet.Parse("{b,a}").GetHashCode(), Is.EqualTo(ItemSet.Of("a", "b").GetHashCode()));
    }

    [TestCase("{a,a}", "set item 'a' appears more than once")]
    [TestCase("{a,,b}", "set items must not be empty")]
    [TestCase("a,b", "is not a set")]
    public void Reports_what_is_wrong_with_bad_text(string text, string expectedError)
    {
        Assert.That(ItemSet.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expectedError));
    }

    [Test]
    public void Rejects_items_that_cannot_be_written_back()
    {
        Assert.That(() => ItemSet.Of("a;b"), Throws.ArgumentException);
        Assert.That(() => ItemSet.Of(" a"), Throws.ArgumentException);
    }
}
