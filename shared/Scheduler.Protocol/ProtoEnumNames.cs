using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Scheduler.Protocol;

/// <summary>The names enum values have in the .proto files (<c>TASK_RUNNING</c>), as Mesos's JSON shows them.</summary>
public static class ProtoEnumNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, v =>
        v.GetType().GetField(v.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? v.ToString());
}
