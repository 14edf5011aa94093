using Akka.Actor;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Master.Actors;
using Scheduler.Master.Http;
using Scheduler.Master.Security.Authorization;
using WireFormat = Scheduler.Master.Http.WireFormat;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Operator;

/// <summary><c>POST /api/v1</c>: Mesos's v1 operator HTTP API, answered synchronously in JSON or protobuf.</summary>
public sealed class OperatorEndpoint(IActorRef master, MasterSettings settings, TimeSpan? heartbeatInterval = null)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeSpan _heartbeatInterval = heartbeatInterval ?? Bookkeeping.MasterCore.HeartbeatInterval;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (await ApiRequest.NegotiateAsync(context) is not var (requestFormat, responseFormat)) return;
        if (await ApiRequest.ReadAsync<Call>(context, requestFormat) is not { } call) return;
        if (!call.HasType || call.Type == Call.Types.Type.Unknown)
        {
            await ApiRequest.TextAsync(context, 400, "Failed to validate master::Call: Expecting 'type' to be present");
            return;
        }
        if (call.Type == Call.Types.Type.Subscribe)
        {
            await SubscribeAsync(context, responseFormat);
            return;
        }
        if (MasterOperatorCalls.Handles(call.Type))
        {
            await HandleInMasterAsync(context, call, responseFormat);
            return;
        }
        if (!OperatorResponses.IsSupported(call.Type))
        {
            await ApiRequest.TextAsync(context, 501, $"The '{Protocol.ProtoEnumNames.Of(call.Type)}' call is not supported by this master");
            return;
        }

        Response answer;
        if (OperatorResponses.NeedsSnapshot(call.Type))
        {
            try
            {
                var snapshot = await master.Ask<OperatorSnapshot>(GetOperatorSnapshot.Instance, AskTimeout, context.RequestAborted);
                if (settings.Authorizer is { } authorizer)
                    snapshot = snapshot with { State = StateViewFilter.Filter(authorizer, AuthenticatedPrincipal.Of(context), snapshot.State) };
                answer = OperatorResponses.Answer(call.Type, snapshot);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                await ApiRequest.TextAsync(context, 503, "Master is not ready to handle the call");
                return;
            }
        }
        else
        {
            answer = OperatorResponses.Answer(call.Type, settings);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = WireFormat.ContentType(responseFormat);
        await context.Response.Body.WriteAsync(WireFormat.Encode(answer, responseFormat), context.RequestAborted);
    }

    private async Task SubscribeAsync(HttpContext context, WireFormat.Kind responseFormat)
    {
        var subscriber = new OperatorSubscriber { Principal = AuthenticatedPrincipal.Of(context) };
        try
        {
            await master.Ask<Akka.Done>(new SubscribeOperator(subscriber), AskTimeout, context.RequestAborted);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            subscriber.Close();
            await ApiRequest.TextAsync(context, 503, "Master is not ready to handle the call");
            return;
        }
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await OperatorEventStream.WriteAsync(context, subscriber, responseFormat, _heartbeatInterval, stopping);
    }

    private async Task HandleInMasterAsync(HttpContext context, Call call, WireFormat.Kind responseFormat)
    {
        OperatorCallOutcome outcome;
        try
        {
            outcome = await master.Ask<OperatorCallOutcome>(new HandleOperatorCall(call, AuthenticatedPrincipal.Of(context)), AskTimeout, context.RequestAborted);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            await ApiRequest.TextAsync(context, 503, "Master is not ready to handle the call");
            return;
        }

        if (outcome.Error is { } error)
        {
            await ApiRequest.TextAsync(context, outcome.StatusCode, error);
            return;
        }

        context.Response.StatusCode = outcome.StatusCode;
        if (outcome.Response is { } response)
        {
            context.Response.ContentType = WireFormat.ContentType(responseFormat);
            await context.Response.Body.WriteAsync(WireFormat.Encode(response, responseFormat), context.RequestAborted);
        }
    }

}
