using System.Globalization;

namespace Scheduler.Resources;

/// <summary>
/// A non-integral resource quantity held as a whole number of thousandths, so that
/// arithmetic is exact. Like Mesos, values are rounded to three decimal digits on the
/// way in (0.0004 becomes 0, 0.0005 becomes 0.001) and never accumulate floating dust.
/// </summary>
public readonly struct ScalarValue : IEquatable<ScalarValue>, IComparable<ScalarValue>
{
    public const long ThousandthsPerUnit = 1000;

    private const long LargestWholeUnits = long.MaxValue / ThousandthsPerUnit;

    private ScalarValue(long thousandths) => Thousandths = thousandths;

    public static ScalarValue Zero => default;

    public long Thousandths { get; }

    public bool IsZero => Thousandths == 0;

    public bool IsNegative => Thousandths < 0;

    public static ScalarValue FromThousandths(long thousandths) => new(thousandths);

    public static ScalarValue FromUnits(long units) => new(checked(units * ThousandthsPerUnit));

    /// <summary>Rounds to the nearest thousandth, halves away from zero (as Mesos's llround does).</summary>
    public static ScalarValue FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A scalar must be a finite number.");
        }

        var scaled = Math.Round(value * ThousandthsPerUnit, MidpointRounding.AwayFromZero);
        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The scalar is too large.");
        }

        return new ScalarValue((long)scaled);
    }

    public static ScalarValue Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, out ScalarValue value) => TryParse(text, out value, out _);

    public static bool TryParse(string text, out ScalarValue value, out string error)
    {
        value = Zero;
        var trimmed = text.Trim();
        if (!decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{trimmed}' is not a number";
            return false;
        }

        if (Math.Abs(number) >= LargestWholeUnits)
        {
            error = $"'{trimmed}' is too large";
            return false;
        }

        value = new ScalarValue((long)Math.Round(number * ThousandthsPerUnit, MidpointRounding.AwayFromZero));
        error = string.Empty;
        return true;
    }

    public double ToDouble() => (double)Thousandths / ThousandthsPerUnit;

    public static ScalarValue Min(ScalarValue left, ScalarValue right) => left <= right ? left : right;

    public static ScalarValue Max(ScalarValue left, ScalarValue right) => left >= right ? left : right;

    public static ScalarValue operator +(ScalarValue left, ScalarValue right) =>
        new(checked(left.Thousandths + right.Thousandths));

    public static ScalarValue operator -(ScalarValue left, ScalarValue right) =>
        new(checked(left.Thousandths - right.Thousandths));

    public static ScalarValue operator -(ScalarValue value) => new(checked(-value.Thousandths));

    public static bool operator ==(ScalarValue left, ScalarValue right) => left.Thousandths == right.Thousandths;

    public static bool operator !=(ScalarValue left, ScalarValue right) => left.Thousandths != right.Thousandths;

    public static bool operator <(ScalarValue left, ScalarValue right) => left.Thousandths < right.Thousandths;

    public static bool operator >(ScalarValue left, ScalarValue right) => left.Thousandths > right.Thousandths;

    public static bool operator <=(ScalarValue left, ScalarValue right) => left.Thousandths <= right.Thousandths;

    public static bool operator >=(ScalarValue left, ScalarValue right) => left.Thousandths >= right.Thousandths;

    public bool Equals(ScalarValue other) => Thousandths == other.Thousandths;

    public override bool Equals(object? obj) => obj is ScalarValue other && Equals(other);

    public override int GetHashCode() => Thousandths.GetHashCode();

    public int CompareTo(ScalarValue other) => Thousandths.CompareTo(other.Thousandths);

    /// <summary>Shortest exact decimal form: <c>2</c>, <c>0.5</c>, <c>1024</c>, <c>0.125</c>.</summary>
    public override string ToString()
    {
        var sign = Thousandths < 0 ? "-" : string.Empty;
        var magnitude = Thousandths < 0 ? -(decimal)Thousandths : Thousandths;
        var wholeUnits = decimal.Truncate(magnitude / ThousandthsPerUnit);
        var fraction = (long)(magnitude - wholeUnits * ThousandthsPerUnit);
        var whole = wholeUnits.ToString(CultureInfo.InvariantCulture);
        if (fraction == 0)
        {
            return sign + whole;
        }

        return sign + whole + "." + fraction.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
