using System.Collections;

namespace Scheduler.Resources;

/// <summary>
/// An immutable set of text items, the value of a SET resource such as <c>zones:{a,b}</c>.
/// Items are kept in ordinal order and format as <c>{a, b}</c>.
/// </summary>
public sealed class ItemSet : IEquatable<ItemSet>, IReadOnlyCollection<string>
{
    private const string ForbiddenCharacters = ",;{}";

    private readonly string[] items;

    private ItemSet(string[] sortedDistinct) => items = sortedDistinct;

    public static ItemSet Empty { get; } = new([]);

    public bool IsEmpty => items.Length == 0;

    public int Count => items.Length;

    public static ItemSet Of(params string[] items) => Of((IEnumerable<string>)items);

    public static ItemSet Of(IEnumerable<string> items)
    {
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var error = ValidateItem(item);
            if (error is not null)
            {
                throw new ArgumentException(error, nameof(items));
            }

            distinct.Add(item);
        }

        return new ItemSet(distinct.ToArray());
    }

    /// <summary>Returns why an item cannot be part of a set, or null when it can.</summary>
    public static string? ValidateItem(string item)
    {
        if (string.IsNullOrWhiteSpace(item))
        {
            return "set items must not be empty";
        }

        if (item.Trim().Length != item.Length)
        {
            return $"set item '{item}' has leading or trailing whitespace";
        }

        if (item.IndexOfAny(ForbiddenCharacters.ToCharArray()) >= 0)
        {
            return $"set item '{item}' contains one of the characters {ForbiddenCharacters}";
        }

        return null;
    }

    public bool Contains(string item) => Array.BinarySearch(items, item, StringComparer.Ordinal) >= 0;

    public bool Contains(ItemSet other) => other.items.All(Contains);

    public ItemSet Union(ItemSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        return IsEmpty ? other : new ItemSet(items.Union(other.items, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
    }

    public ItemSet Subtract(ItemSet other) =>
        other.IsEmpty ? this : new ItemSet(items.Where(item => !other.Contains(item)).ToArray());

    public static ItemSet operator +(ItemSet left, ItemSet right) => left.Union(right);

    public static ItemSet operator -(ItemSet left, ItemSet right) => left.Subtract(right);

    public static ItemSet Parse(string text) =>
        TryParse(text, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses Mesos's set syntax: <c>{a,b}</c>, where <c>{}</c> is empty. Duplicates are an error.</summary>
    public static bool TryParse(string text, out ItemSet result, out string error)
    {
        result = Empty;
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '{' || trimmed[^1] != '}')
        {
            error = $"'{trimmed}' is not a set like {{a, b}}";
            return false;
        }

        var body = trimmed[1..^1];
        if (body.Trim().Length == 0)
        {
            error = string.Empty;
            return true;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in body.Split(',', StringSplitOptions.TrimEntries))
        {
            var itemError = ValidateItem(token);
            if (itemError is not null)
            {
                error = $"{itemError} in '{trimmed}'";
                return false;
            }

            if (!seen.Add(token))
            {
                error = $"set item '{token}' appears more than once in '{trimmed}'";
                return false;
            }
        }

        result = new ItemSet(seen.Order(StringComparer.Ordinal).ToArray());
        error = string.Empty;
        return true;
    }

    public bool Equals(ItemSet? other) => other is not null && items.AsSpan().SequenceEqual(other.items);

    public override bool Equals(object? obj) => obj is ItemSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ItemSet? left, ItemSet? right) => Equals(left, right);

    public static bool operator !=(ItemSet? left, ItemSet? right) => !Equals(left, right);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", items) + "}";
}
