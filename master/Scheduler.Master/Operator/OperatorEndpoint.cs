using Akka.Actor;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Scheduler.Master.Actors;
using Scheduler.Master.Http;
using WireFormat = Scheduler.Master.Http.WireFormat;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Operator;

/// <summary><c>POST /api/v1</c>: Mesos's v1 operator HTTP API, answered synchronously in JSON or protobuf.</summary>
public sealed class OperatorEndpoint(IActorRef master, MasterSettings settings)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await Text(context, 405, $"Expecting 'POST', received '{request.Method}'");
            return;
        }
        var requestFormat = WireFormat.FromContentType(request.ContentType);
        if (requestFormat is null)
        {
            await Text(context, 415, request.ContentType is null
                ? "Expecting 'Content-Type' to be present"
                : $"Expecting 'Content-Type' of application/json or application/x-protobuf, received '{request.ContentType}'");
            return;
        }
        var responseFormat = WireFormat.FromAccept(request.Headers.Accept.ToString());
        if (responseFormat is null)
        {
            await Text(context, 406, "Expecting 'Accept' to allow application/json or application/x-protobuf");
            return;
        }

        Call call;
        try
        {
            call = await WireFormat.ReadMessageAsync<Call>(request.Body, requestFormat.Value, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            await Text(context, 400, $"Failed to parse body into Call protobuf: {e.Message}");
            return;
        }
        if (!call.HasType || call.Type == Call.Types.Type.Unknown)
        {
            await Text(context, 400, "Failed to validate master::Call: Expecting 'type' to be present");
            return;
        }
        if (!OperatorResponses.IsSupported(call.Type))
        {
            await Text(context, 501, $"The '{Protocol.ProtoEnumNames.Of(call.Type)}' call is not supported by this master");
            return;
        }

        Response answer;
        if (OperatorResponses.NeedsSnapshot(call.Type))
        {
            try
            {
                var snapshot = await master.Ask<OperatorSnapshot>(GetOperatorSnapshot.Instance, AskTimeout, context.RequestAborted);
                answer = OperatorResponses.Answer(call.Type, snapshot);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                await Text(context, 503, "Master is not ready to handle the call");
                return;
            }
        }
        else
        {
            answer = OperatorResponses.Answer(call.Type, settings);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = WireFormat.ContentType(responseFormat.Value);
        await context.Response.Body.WriteAsync(WireFormat.Encode(answer, responseFormat.Value), context.RequestAborted);
    }

    private static async Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
