using System.Globalization;

namespace Scheduler.Agent.Containers;

/// <summary>Formats byte counts the way the Mesos agent prints them: the largest unit that divides evenly.</summary>
public static class ByteSize
{
    private static readonly (long Factor, string Unit)[] Units =
    [
        (1L << 40, "TB"), (1L << 30, "GB"), (1L << 20, "MB"), (1L << 10, "KB"),
    ];

    public static string Format(long? bytes)
    {
        if (bytes is not { } value)
            return "unknown";
        foreach (var (factor, unit) in Units)
        {
            if (value >= factor && value % factor == 0)
                return (value / factor).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return value.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
