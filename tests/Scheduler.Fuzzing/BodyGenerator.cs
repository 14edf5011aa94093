using Google.Protobuf;
using Scheduler.Master.Http;
using WireFormat = Scheduler.Master.Http.WireFormat;
using Scheduler.Protocol.Json;
using SchedulerCall = Scheduler.Protocol.V1.SchedulerApi.Call;
using OperatorCall = Scheduler.Protocol.V1.MasterApi.Call;

namespace Scheduler.Fuzzing;

/// <summary>
/// Request bodies for one API: a seed mutated byte by byte (JSON or protobuf), a seed mutated as JSON, or, for the
/// scheduler API, a call generated from structure.
/// </summary>
public sealed class BodyGenerator
{
    private readonly CallFamily _family;
    private readonly IReadOnlyList<string> _jsonSeeds;
    private readonly IReadOnlyList<byte[]> _protobufSeeds;

    /// <param name="seeds">Valid calls in JSON to mutate; by default every call of the family in <see cref="SeedCorpus"/>.</param>
    public BodyGenerator(CallFamily family, IReadOnlyList<string>? seeds = null)
    {
        _family = family;
        _jsonSeeds = seeds ?? (family == CallFamily.Scheduler ? SeedCorpus.SchedulerCalls : SeedCorpus.OperatorCalls);
        _protobufSeeds = _jsonSeeds.Select(json => family == CallFamily.Scheduler
            ? MesosJson.Parse<SchedulerCall>(json).ToByteArray()
            : MesosJson.Parse<OperatorCall>(json).ToByteArray()).ToList();
    }

    public string Target => _family == CallFamily.Scheduler ? "scheduler-call-decoder" : "operator-call-decoder";

    public FuzzCase Next(Random random)
    {
        var seed = random.Next(_jsonSeeds.Count);
        var strategy = random.Next(_family == CallFamily.Scheduler ? 5 : 4);
        return strategy switch
        {
            0 => new FuzzCase(Target, "protobuf-bytes", ByteMutator.Mutate(_protobufSeeds[seed], random), WireFormat.Kind.Protobuf),
            1 => new FuzzCase(Target, "json-bytes", ByteMutator.Mutate(System.Text.Encoding.UTF8.GetBytes(_jsonSeeds[seed]), random), WireFormat.Kind.Json),
            2 or 3 => new FuzzCase(Target, "json-structure", JsonMutator.Mutate(_jsonSeeds[seed], random), WireFormat.Kind.Json),
            _ => Structured(random),
        };
    }

    private FuzzCase Structured(Random random)
    {
        var call = RandomSchedulerCalls.Next(random);
        return random.Next(2) == 0
            ? new FuzzCase(Target, "structured-protobuf", call.ToByteArray(), WireFormat.Kind.Protobuf)
            : new FuzzCase(Target, "structured-json", System.Text.Encoding.UTF8.GetBytes(MesosJson.Format(call)), WireFormat.Kind.Json);
    }
}
