using System.Collections;
using System.Globalization;

namespace Scheduler.Resources;

/// <summary>
/// An immutable set of unsigned integers stored as sorted, disjoint, non-adjacent ranges
/// (adjacent ranges are merged, as Mesos coalesces them). Formats as <c>[31000-32000, 33000-33005]</c>.
/// </summary>
public sealed class RangeSet : IEquatable<RangeSet>, IEnumerable<ValueRange>
{
    private readonly ValueRange[] ranges;

    private RangeSet(ValueRange[] normalized) => ranges = normalized;

    public static RangeSet Empty { get; } = new([]);

    public bool IsEmpty => ranges.Length == 0;

    /// <summary>The disjoint ranges in ascending order.</summary>
    public IReadOnlyList<ValueRange> Ranges => ranges;

    /// <summary>Number of values covered by all ranges together.</summary>
    public ulong Count
    {
        get
        {
            ulong total = 0;
            foreach (var range in ranges)
            {
                total = checked(total + range.Count);
            }

            return total;
        }
    }

    public static RangeSet Of(params ValueRange[] ranges) => Of((IEnumerable<ValueRange>)ranges);

    public static RangeSet Of(IEnumerable<ValueRange> ranges) => new(Normalize(ranges));

    public static RangeSet Of(ulong begin, ulong end) => new([new ValueRange(begin, end)]);

    public bool Contains(ulong value) => IndexOfRangeContaining(value) >= 0;

    public bool Contains(ValueRange range)
    {
        var index = IndexOfRangeContaining(range.Begin);
        return index >= 0 && ranges[index].Contains(range);
    }

    public bool Contains(RangeSet other) => other.ranges.All(Contains);

    public RangeSet Union(RangeSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        return IsEmpty ? other : new RangeSet(Normalize(ranges.Concat(other.ranges)));
    }

    public RangeSet Subtract(RangeSet other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return this;
        }

        var result = new List<ValueRange>();
        var removeIndex = 0;
        foreach (var range in ranges)
        {
            var remainderBegin = range.Begin;
            var remainderExhausted = false;
            while (removeIndex < other.ranges.Length && other.ranges[removeIndex].End < remainderBegin)
            {
                removeIndex++;
            }

            for (var i = removeIndex; i < other.ranges.Length && other.ranges[i].Begin <= range.End; i++)
            {
                var removed = other.ranges[i];
                if (removed.Begin > remainderBegin)
                {
                    result.Add(new ValueRange(remainderBegin, removed.Begin - 1));
                }

                if (removed.End >= range.End)
                {
                    remainderExhausted = true;
                    break;
                }

                remainderBegin = Math.Max(remainderBegin, removed.End + 1);
            }

            if (!remainderExhausted)
            {
                result.Add(new ValueRange(remainderBegin, range.End));
            }
        }

        return new RangeSet(result.ToArray());
    }

    public RangeSet Intersect(RangeSet other) => Subtract(Subtract(other));

    public static RangeSet operator +(RangeSet left, RangeSet right) => left.Union(right);

    public static RangeSet operator -(RangeSet left, RangeSet right) => left.Subtract(right);

    public static RangeSet Parse(string text) =>
        TryParse(text, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses Mesos's range syntax: <c>[1-10, 20-30]</c>, where <c>[]</c> is empty.</summary>
    public static bool TryParse(string text, out RangeSet result, out string error)
    {
        result = Empty;
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[^1] != ']')
        {
            error = $"'{trimmed}' is not a range list like [31000-32000, 33000-33005]";
            return false;
        }

        var body = trimmed[1..^1];
        var parsed = new List<ValueRange>();
        foreach (var token in body.Split(',', StringSplitOptions.TrimEntries))
        {
            if (token.Length == 0)
            {
                if (body.Trim().Length == 0)
                {
                    continue;
                }

                error = $"'{trimmed}' has an empty range";
                return false;
            }

            if (!TryParseRange(token, out var range, out error))
            {
                return false;
            }

            parsed.Add(range);
        }

        result = Of(parsed);
        error = string.Empty;
        return true;
    }

    public bool Equals(RangeSet? other) => other is not null && ranges.AsSpan().SequenceEqual(other.ranges);

    public override bool Equals(object? obj) => obj is RangeSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var range in ranges)
        {
            hash.Add(range);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(RangeSet? left, RangeSet? right) => Equals(left, right);

    public static bool operator !=(RangeSet? left, RangeSet? right) => !Equals(left, right);

    public IEnumerator<ValueRange> GetEnumerator() => ((IEnumerable<ValueRange>)ranges).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", ranges) + "]";

    private static bool TryParseRange(string token, out ValueRange range, out string error)
    {
        range = default;
        var parts = token.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var begin)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            error = $"range '{token}' is not of the form begin-end with non-negative integers";
            return false;
        }

        if (begin > end)
        {
            error = $"range '{token}' begins after it ends";
            return false;
        }

        range = new ValueRange(begin, end);
        error = string.Empty;
        return true;
    }

    private int IndexOfRangeContaining(ulong value)
    {
        int low = 0, high = ranges.Length - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (value < ranges[middle].Begin)
            {
                high = middle - 1;
            }
            else if (value > ranges[middle].End)
            {
                low = middle + 1;
            }
            else
            {
                return middle;
            }
        }

        return -1;
    }

    private static ValueRange[] Normalize(IEnumerable<ValueRange> input)
    {
        var sorted = input.OrderBy(range => range.Begin).ToList();
        var merged = new List<ValueRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0)
            {
                var last = merged[^1];
                var touchesLast = last.End == ulong.MaxValue || range.Begin <= last.End + 1;
                if (touchesLast)
                {
                    merged[^1] = new ValueRange(last.Begin, Math.Max(last.End, range.End));
                    continue;
                }
            }

            merged.Add(range);
        }

        return merged.ToArray();
    }
}
