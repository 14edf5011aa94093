using Scheduler.Protocol.V1;

namespace Scheduler.Master.Registry;

/// <summary>Mesos's <see cref="TimeInfo"/> (nanoseconds since the epoch) to and from <see cref="DateTimeOffset"/>.</summary>
public static class TimeInfos
{
    public static TimeInfo From(DateTimeOffset time) => new() { Nanoseconds = time.ToUnixTimeMilliseconds() * 1_000_000 };

    public static DateTimeOffset ToDateTimeOffset(TimeInfo time) => DateTimeOffset.FromUnixTimeMilliseconds(time.Nanoseconds / 1_000_000);
}
