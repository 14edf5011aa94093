using System.Threading.Channels;
using Akka.Actor;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NLog;
using Scheduler.Master.Actors;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Security.Authentication;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Security.Limits;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Http;

/// <summary><c>POST /api/v1/scheduler</c>: Mesos's v1 scheduler HTTP API.</summary>
public sealed class SchedulerEndpoint(ActorSystem system, IActorRef master, CancellationToken stopping, Authorizer? authorizer = null)
{
    public const string StreamIdHeader = "Mesos-Stream-Id";
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (await ApiRequest.NegotiateAsync(context) is not var (requestFormat, responseFormat)) return;
        if (await ApiRequest.ReadAsync<Call>(context, requestFormat) is not { } call) return;

        var principal = AuthenticatedPrincipal.Of(context);
        var invalid = CallValidation.Validate(call, ApiLimitsHosting.Of(context))
            ?? (call.Type == Call.Types.Type.Subscribe ? FrameworkPrincipal.Mismatch(principal, call.Subscribe.FrameworkInfo) : null);
        if (invalid is not null)
        {
            await ApiRequest.TextAsync(context, 400, $"Failed to validate scheduler::Call: {invalid}");
            return;
        }
        if (FrameworkRoleAuthorization.Denial(authorizer, principal, call) is { } forbidden)
        {
            await ApiRequest.TextAsync(context, 403, forbidden);
            return;
        }

        var streamId = request.Headers.TryGetValue(StreamIdHeader, out var header) ? header.ToString() : null;
        if (call.Type == Call.Types.Type.Subscribe)
        {
            if (streamId is not null)
            {
                await ApiRequest.TextAsync(context, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
                return;
            }
            call.Subscribe.FrameworkInfo = FrameworkPrincipal.Fill(principal, call.Subscribe.FrameworkInfo);
            await SubscribeAsync(context, call, responseFormat);
            return;
        }

        CallOutcome outcome;
        try
        {
            outcome = await master.Ask<CallOutcome>(new HandleSchedulerCall(call, streamId, principal), AskTimeout, context.RequestAborted);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            await ApiRequest.TextAsync(context, 503, "Master is not ready to handle the call");
            return;
        }
        if (outcome.IsAccepted) context.Response.StatusCode = outcome.StatusCode;
        else await ApiRequest.TextAsync(context, outcome.StatusCode, outcome.Error!);
    }

    private async Task SubscribeAsync(HttpContext context, Call call, WireFormat.Kind format)
    {
        var events = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });
        var stream = system.ActorOf(FrameworkStreamActor.Props(events.Writer));
        SubscribeOutcome outcome;
        try
        {
            outcome = await master.Ask<SubscribeOutcome>(new SubscribeFramework(call.Subscribe, stream), AskTimeout, context.RequestAborted);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            system.Stop(stream);
            await ApiRequest.TextAsync(context, 503, "Master is not ready to handle the call");
            return;
        }
        if (!outcome.IsAccepted)
        {
            system.Stop(stream);
            await ApiRequest.TextAsync(context, 400, outcome.Error!);
            return;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = WireFormat.ContentType(format);
        response.Headers[StreamIdHeader] = outcome.StreamId;
        response.Headers.CacheControl = "no-cache";
        await response.Body.FlushAsync(aborted.Token);
        Log.Info("Framework {0} subscribed (stream {1})", outcome.FrameworkId, outcome.StreamId);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted.Token);
                heartbeat.CancelAfter(MasterCore.HeartbeatInterval);
                Event next;
                try
                {
                    if (!await events.Reader.WaitToReadAsync(heartbeat.Token)) break;
                    next = await events.Reader.ReadAsync(aborted.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    next = Events.Heartbeat();
                }
                await response.Body.WriteAsync(RecordIoWriter.Encode(WireFormat.Encode(next, format)), aborted.Token);
                await response.Body.FlushAsync(aborted.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException e)
        {
            Log.Info("Stream of framework {0} broke: {1}", outcome.FrameworkId, e.Message);
        }
        finally
        {
            system.Stop(stream);
            Log.Info("Framework {0} stream {1} closed", outcome.FrameworkId, outcome.StreamId);
        }
    }

}
