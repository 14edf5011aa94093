using System.Globalization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;
using ResponseType = Scheduler.Protocol.V1.MasterApi.Response.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>The operator API's answers to the calls this master supports, built from settings, metrics and a snapshot.</summary>
public static class OperatorResponses
{
    private static readonly HashSet<CallType> FromSnapshot =
    [
        CallType.GetState, CallType.GetAgents, CallType.GetFrameworks, CallType.GetExecutors, CallType.GetTasks, CallType.GetMaster,
    ];

    private static readonly HashSet<CallType> FromSettings =
    [
        CallType.GetHealth, CallType.GetFlags, CallType.GetVersion, CallType.GetMetrics,
    ];

    public static bool IsSupported(CallType type) => FromSnapshot.Contains(type) || FromSettings.Contains(type);

    /// <summary>Whether answering needs the master's state, and so a round trip to the master actor.</summary>
    public static bool NeedsSnapshot(CallType type) => FromSnapshot.Contains(type);

    public static Response Answer(CallType type, MasterSettings settings)
    {
        switch (type)
        {
            case CallType.GetHealth:
                return new Response { Type = ResponseType.GetHealth, GetHealth = new Response.Types.GetHealth { Healthy = true } };
            case CallType.GetVersion:
                return new Response
                {
                    Type = ResponseType.GetVersion,
                    GetVersion = new Response.Types.GetVersion { VersionInfo = new VersionInfo { Version = settings.Version } },
                };
            case CallType.GetFlags:
                var flags = new Response.Types.GetFlags();
                flags.Flags.AddRange(Flags(settings));
                return new Response { Type = ResponseType.GetFlags, GetFlags = flags };
            case CallType.GetMetrics:
                var metrics = new Response.Types.GetMetrics();
                var snapshot = settings.Metrics?.Snapshot() ?? new Dictionary<string, double>();
                metrics.Metrics.AddRange(snapshot.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => new Metric { Name = m.Key, Value = m.Value }));
                return new Response { Type = ResponseType.GetMetrics, GetMetrics = metrics };
            default:
                throw new ArgumentException($"'{type}' is answered from a snapshot of the master's state", nameof(type));
        }
    }

    public static Response Answer(CallType type, OperatorSnapshot snapshot) => type switch
    {
        CallType.GetState => new Response { Type = ResponseType.GetState, GetState = snapshot.State },
        CallType.GetAgents => new Response { Type = ResponseType.GetAgents, GetAgents = snapshot.State.GetAgents },
        CallType.GetFrameworks => new Response { Type = ResponseType.GetFrameworks, GetFrameworks = snapshot.State.GetFrameworks },
        CallType.GetExecutors => new Response { Type = ResponseType.GetExecutors, GetExecutors = snapshot.State.GetExecutors },
        CallType.GetTasks => new Response { Type = ResponseType.GetTasks, GetTasks = snapshot.State.GetTasks },
        CallType.GetMaster => new Response { Type = ResponseType.GetMaster, GetMaster = snapshot.Master },
        _ => throw new ArgumentException($"'{type}' is not answered from a snapshot of the master's state", nameof(type)),
    };

    private static IEnumerable<Flag> Flags(MasterSettings settings)
    {
        yield return new Flag { Name = "allocation_interval", Value = Duration(settings.AllocationInterval) };
        yield return new Flag { Name = "hostname", Value = settings.Hostname };
        if (settings.OfferTimeout is { } offerTimeout) yield return new Flag { Name = "offer_timeout", Value = Duration(offerTimeout) };
        yield return new Flag { Name = "port", Value = settings.HttpPort.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>A duration as Mesos prints its flags: <c>1secs</c>, <c>100ms</c>.</summary>
    private static string Duration(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.Milliseconds == 0
            ? $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}secs"
            : $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
