using System.Globalization;

namespace Scheduler.Resources;

/// <summary>An inclusive range of unsigned integers, such as a block of ports.</summary>
public readonly struct ValueRange : IEquatable<ValueRange>, IComparable<ValueRange>
{
    public ValueRange(ulong begin, ulong end)
    {
        if (begin > end)
        {
            throw new ArgumentException($"Range begin {begin} is greater than its end {end}.", nameof(begin));
        }

        Begin = begin;
        End = end;
    }

    public ulong Begin { get; }

    public ulong End { get; }

    /// <summary>Number of values in the range; overflows only for the range of every 64-bit value.</summary>
    public ulong Count => checked(End - Begin + 1);

    public static ValueRange Single(ulong value) => new(value, value);

    public bool Contains(ulong value) => value >= Begin && value <= End;

    public bool Contains(ValueRange other) => other.Begin >= Begin && other.End <= End;

    public bool Overlaps(ValueRange other) => other.Begin <= End && Begin <= other.End;

    public bool Equals(ValueRange other) => Begin == other.Begin && End == other.End;

    public override bool Equals(object? obj) => obj is ValueRange other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Begin, End);

    public int CompareTo(ValueRange other)
    {
        var byBegin = Begin.CompareTo(other.Begin);
        return byBegin != 0 ? byBegin : End.CompareTo(other.End);
    }

    public static bool operator ==(ValueRange left, ValueRange right) => left.Equals(right);

    public static bool operator !=(ValueRange left, ValueRange right) => !left.Equals(right);

    public override string ToString() =>
        Begin.ToString(CultureInfo.InvariantCulture) + "-" + End.ToString(CultureInfo.InvariantCulture);
}
