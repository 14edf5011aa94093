using Google.Protobuf;
using Scheduler.Master.Http;
using WireFormat = Scheduler.Master.Http.WireFormat;
using Scheduler.Protocol;
using Scheduler.Protocol.Json;
using SchedulerCall = Scheduler.Protocol.V1.SchedulerApi.Call;
using OperatorCall = Scheduler.Protocol.V1.MasterApi.Call;

namespace Scheduler.Fuzzing;

/// <summary>
/// The v1 APIs' decoders as the endpoints use them. Property: a body either decodes or raises one of the parse
/// errors the endpoints answer with 400; a decoded call goes through the checks (required fields, for the scheduler
/// API <see cref="CallValidation"/>) and back out as JSON and protobuf without any exception.
/// </summary>
public sealed class DecoderTarget(CallFamily family) : IFuzzTarget
{
    private readonly BodyGenerator _bodies = new(family);

    public string Name => _bodies.Target;

    public FuzzCase Generate(Random random) => _bodies.Next(random);

    public FuzzVerdict Execute(FuzzCase input) => family == CallFamily.Scheduler
        ? Check<SchedulerCall>(input, call => CallValidation.Validate(call))
        : Check<OperatorCall>(input, call => call.HasType && call.Type != OperatorCall.Types.Type.Unknown ? null : "no type");

    private static FuzzVerdict Check<T>(FuzzCase input, Func<T, string?> validate) where T : IMessage<T>, new()
    {
        T call;
        try
        {
            call = WireFormat.ParseMessage<T>(input.Body, input.Format);
        }
        catch (Exception e) when (ApiRequest.IsParseError(e))
        {
            return FuzzVerdict.Rejected;
        }
        var missing = RequiredFields.Missing(call);
        var invalid = validate(call);
        _ = MesosJson.Format(call);
        _ = call.ToByteArray();
        return missing.Count > 0 || invalid is not null ? FuzzVerdict.Rejected : FuzzVerdict.Accepted;
    }
}
