using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using NLog;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1.MasterApi;
using WireFormat = Scheduler.Master.Http.WireFormat;

namespace Scheduler.Master.Operator;

/// <summary>
/// Writes an operator's subscription to its HTTP response: 200, then each event as one RecordIO record in one
/// flushed chunk, with a HEARTBEAT every heartbeat interval, until the client leaves, the master drops the
/// subscriber or the server stops. As Mesos, the operator stream carries no <c>Mesos-Stream-Id</c>.
/// </summary>
public static class OperatorEventStream
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static async Task WriteAsync(HttpContext context, OperatorSubscriber subscriber, WireFormat.Kind format,
        TimeSpan heartbeatInterval, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, subscriber.Dropped);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = WireFormat.ContentType(format);
        response.Headers.CacheControl = "no-cache";
        Log.Info("Operator subscriber {0} added", subscriber.Id);
        try
        {
            await response.Body.FlushAsync(ended.Token);
            var nextHeartbeat = DateTime.UtcNow + heartbeatInterval;
            while (true)
            {
                var next = await NextAsync(subscriber.Events, nextHeartbeat - DateTime.UtcNow, ended.Token);
                if (next is null)
                {
                    if (subscriber.Events.Completion.IsCompleted) break;
                    next = OperatorEvents.Heartbeat();
                    nextHeartbeat = DateTime.UtcNow + heartbeatInterval;
                }
                await response.Body.WriteAsync(RecordIoWriter.Encode(WireFormat.Encode(next, format)), ended.Token);
                await response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException e)
        {
            Log.Info("Operator subscriber {0} stream broke: {1}", subscriber.Id, e.Message);
        }
        finally
        {
            subscriber.Close();
            Log.Info("Operator subscriber {0} removed{1}", subscriber.Id, subscriber.Dropped.IsCancellationRequested ? " by the master" : "");
        }
    }

    /// <summary>The next event, or null when the wait is over (time for a heartbeat) or the stream has ended.</summary>
    private static async Task<Event?> NextAsync(ChannelReader<Event> events, TimeSpan wait, CancellationToken ended)
    {
        if (events.TryRead(out var ready)) return ready;
        if (wait <= TimeSpan.Zero) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ended);
        timeout.CancelAfter(wait);
        try
        {
            if (!await events.WaitToReadAsync(timeout.Token)) return null;
        }
        catch (OperationCanceledException) when (!ended.IsCancellationRequested)
        {
            return null;
        }
        return events.TryRead(out var next) ? next : null;
    }
}
