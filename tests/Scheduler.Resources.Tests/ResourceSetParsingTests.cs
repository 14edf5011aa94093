namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ResourceSetParsingTests
{
    [Test]
    public void Parses_every_kind_and_reservations()
    {
        var set = ResourceSet.Parse("cpus:2;mem:1024;ports:[31000-32000];disk(eng):100;zones:{a,b}");

        Assert.That(set.Cpus, Is.EqualTo(2.0));
        Assert.That(set.MemMegabytes, Is.EqualTo(1024.0));
        Assert.That(set.Ports, Is.EqualTo(RangeSet.Of(31000, 32000)));
        Assert.That(set.Reserved("eng").DiskMegabytes, Is.EqualTo(100.0));
        Assert.That(set.Unreserved().DiskMegabytes, Is.Null);
        Assert.That(set.Items("zones"), Is.EqualTo(ItemSet.Of("a", "b")));
        Assert.That(set.Count, Is.EqualTo(5));
    }

    [Test]
    public void Formats_like_mesos()
    {
        var set = ResourceSet.Parse("cpus:2;mem:1024;ports:[31000-32000];disk(eng):100;zones:{b,a}");

        Assert.That(set.ToString(),
            Is.EqualTo("cpus:2; mem:1024; ports:[31000-32000]; disk(eng):100; zones:{a, b}"));
    }

    [Test]
    public void Formats_allocation_roles_so_they_parse_back()
    {
        var allocated = ResourceSet.Parse("cpus:0.5;disk(eng):100").Allocate("eng");

        Assert.That(allocated.ToString(), Is.EqualTo("cpus(allocated: eng):0.5; disk(eng)(allocated: eng):100"));
        Assert.That(ResourceSet.Parse(allocated.ToString()), Is.EqualTo(allocated));
    }

    [Test]
    public void Repeated_names_add_up_and_spaces_and_empty_entries_are_ignored()
    {
        var set = ResourceSet.Parse(" cpus : 1 ; ; cpus:0.5;ports:[1-2];ports:[3-4]; ");

        Assert.That(set.ToString(), Is.EqualTo("cpus:1.5; ports:[1-4]"));
    }

    [Test]
    public void An_explicit_star_role_means_unreserved()
    {
        Assert.That(ResourceSet.Parse("cpus(*):2"), Is.EqualTo(ResourceSet.Parse("cpus:2")));
    }

    [Test]
    public void Zero_quantities_and_empty_ranges_vanish()
    {
        var set = ResourceSet.Parse("cpus:0;mem:0.0001;ports:[];zones:{}");

        Assert.That(set.IsEmpty, Is.True);
        Assert.That(set, Is.EqualTo(ResourceSet.Empty));
        Assert.That(set.ToString(), Is.EqualTo("{}"));
    }

    [TestCase("")]
    [TestCase("{}")]
    [TestCase("  ")]
    public void Empty_text_is_the_empty_set(string text)
    {
        Assert.That(ResourceSet.Parse(text).IsEmpty, Is.True);
    }

    [TestCase("cpus:2;mem:abc", "Invalid resource 'mem:abc': 'abc' is not a number")]
    [TestCase("cpus", "Invalid resource 'cpus': expected 'name:value'")]
    [TestCase(":2", "Invalid resource ':2': the resource name is missing")]
    [TestCase("cpus:", "Invalid resource 'cpus:': resource 'cpus' has no value")]
    [TestCase("cpus:-1", "Invalid resource 'cpus:-1': resource 'cpus' must not be negative")]
    [TestCase("disk(eng:100", "Invalid resource 'disk(eng:100': mismatched parentheses")]
    [TestCase("disk)eng(:100", "Invalid resource 'disk)eng(:100': resource name 'disk)eng' must not contain")]
    [TestCase("disk(eng)(web):1", "Invalid resource 'disk(eng)(web):1': more than one reservation role")]
    [TestCase("disk( ):1", "Invalid resource 'disk( ):1': a role name must not be empty")]
    [TestCase("disk(a b):1", "Invalid resource 'disk(a b):1': role 'a b' must not contain whitespace")]
    [TestCase("ports:[5-1]", "Invalid resource 'ports:[5-1]': range '5-1' begins after it ends")]
    [TestCase("zones:{a,a}", "Invalid resource 'zones:{a,a}': set item 'a' appears more than once")]
    [TestCase("cpus:1;cpus:[1-2]", "Invalid resource 'cpus:[1-2]': resource 'cpus' was already given as a scalar, not ranges")]
    public void Reports_the_bad_part_precisely(string text, string expectedError)
    {
        Assert.That(ResourceSet.TryParse(text, out var result, out var error), Is.False);
        Assert.That(error, Does.StartWith(expectedError));
        Assert.That(result.IsEmpty, Is.True);
        Assert.That(() => ResourceSet.Parse(text), Throws.InstanceOf<FormatException>().With.Message.EqualTo(error));
    }
}
