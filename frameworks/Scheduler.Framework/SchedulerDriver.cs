using System.Net;
using System.Text;
using NLog;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework;

/// <summary>
/// Connects an <see cref="IScheduler"/> to a master over the v1 scheduler HTTP
/// API: subscribes, reads the RecordIO event stream and dispatches the events
/// in order, resubscribes with backoff when the stream breaks or heartbeats
/// stop, and sends calls with the subscription's stream id.
/// </summary>
public sealed class SchedulerDriver : ISchedulerDriver, IAsyncDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly IScheduler scheduler;
    private readonly SchedulerDriverOptions options;
    private readonly MasterEndpoint endpoint;
    private readonly SchedulerApiClient client;
    private readonly AsyncLocal<bool> insideCallback = new();
    private readonly Lock gate = new();

    private CancellationTokenSource? stopping;
    private Task? subscriptionLoop;
    private volatile FrameworkID? frameworkId;
    private volatile string? streamId;
    private volatile FrameworkInfo frameworkInfo;
    private volatile IReadOnlyList<string> suppressedRoles;

    private volatile bool tearingDown;

    public SchedulerDriver(IScheduler scheduler, SchedulerDriverOptions options)
    {
        this.scheduler = scheduler;
        this.options = options;
        endpoint = new MasterEndpoint([options.Master, .. options.OtherMasters]);
        client = new SchedulerApiClient(endpoint, options.MaxRedirects, options.Credential);
        frameworkId = options.FrameworkInfo.Id;
        frameworkInfo = options.FrameworkInfo.Clone();
        suppressedRoles = options.SuppressedRoles;
    }

    public FrameworkID? FrameworkId => frameworkId;

    /// <summary>The id of the current subscription's event stream; null while not subscribed.</summary>
    public string? StreamId => streamId;

    public bool IsSubscribed => streamId is not null;

    /// <summary>The scheduler endpoint of the master the driver currently talks to.</summary>
    public Uri SchedulerEndpoint => endpoint.SchedulerApi;

    /// <summary>Completes when the driver has stopped for good.</summary>
    public Task Completion => subscriptionLoop ?? Task.CompletedTask;

    /// <summary>Starts subscribing in the background; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (subscriptionLoop is not null)
                throw new InvalidOperationException("The driver was already started.");

            stopping = new CancellationTokenSource();
            var stop = stopping.Token;
            subscriptionLoop = Task.Run(() => RunAsync(stop), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Closes the subscription without tearing the framework down, so that it
    /// can fail over within its failover timeout.
    /// </summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (gate)
        {
            loop = subscriptionLoop;
            stopping?.Cancel();
        }

        // From inside a callback the loop cannot be awaited: it is waiting for us.
        if (loop is not null && !insideCallback.Value)
            await loop.ConfigureAwait(false);
    }

    public Task LaunchAsync(OfferID offerId, IEnumerable<TaskInfo> tasks, Filters? filters = null, CancellationToken cancellationToken = default) =>
        LaunchAsync([offerId], tasks, filters, cancellationToken);

    public Task LaunchAsync(IEnumerable<OfferID> offerIds, IEnumerable<TaskInfo> tasks, Filters? filters = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Launch(offerIds, tasks, filters), cancellationToken);

    public Task AcceptAsync(IEnumerable<OfferID> offerIds, IEnumerable<Offer.Types.Operation> operations, Filters? filters = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Accept(offerIds, operations, filters), cancellationToken);

    public Task DeclineAsync(IEnumerable<OfferID> offerIds, Filters? filters = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Decline(offerIds, filters), cancellationToken);

    public Task AcknowledgeAsync(TaskStatus status, CancellationToken cancellationToken = default) =>
        status.HasUuid ? SendAsync(SchedulerCalls.Acknowledge(status), cancellationToken) : Task.CompletedTask;

    public Task KillAsync(TaskID taskId, AgentID? agentId = null, KillPolicy? killPolicy = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Kill(taskId, agentId, killPolicy), cancellationToken);

    public Task ReviveAsync(IEnumerable<string>? roles = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Revive(roles), cancellationToken);

    public Task SuppressAsync(IEnumerable<string>? roles = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Suppress(roles), cancellationToken);

    public async Task UpdateFrameworkAsync(FrameworkInfo frameworkInfo, IEnumerable<string>? suppressedRoles = null, CancellationToken cancellationToken = default)
    {
        var id = frameworkId ?? throw new InvalidOperationException("The framework has no id yet; wait for Subscribed.");
        var updated = frameworkInfo.Clone();
        updated.Id = id;
        var suppressed = suppressedRoles?.ToList() ?? [];
        await SendAsync(SchedulerCalls.UpdateFramework(updated, suppressed), cancellationToken).ConfigureAwait(false);
        this.frameworkInfo = updated;
        this.suppressedRoles = suppressed;
    }

    public Task ReconcileAsync(IEnumerable<(TaskID TaskId, AgentID? AgentId)>? tasks = null, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Reconcile(tasks), cancellationToken);

    public Task SendFrameworkMessageAsync(AgentID agentId, ExecutorID executorId, byte[] data, CancellationToken cancellationToken = default) =>
        SendAsync(SchedulerCalls.Message(agentId, executorId, data), cancellationToken);

    public async Task TeardownAsync(CancellationToken cancellationToken = default)
    {
        tearingDown = true;
        await SendAsync(SchedulerCalls.Teardown(), cancellationToken).ConfigureAwait(false);
        if (options.FrameworkIdStore is { } store)
            await store.ClearAsync(cancellationToken).ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    public async Task SendAsync(Call call, CancellationToken cancellationToken = default)
    {
        var id = frameworkId ?? throw new InvalidOperationException("The framework has no id yet; wait for Subscribed.");
        var framed = call.Clone();
        framed.FrameworkId = id;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        await client.SendAsync(framed, streamId, timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        client.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new ReconnectBackoff(options.InitialReconnectDelay, options.MaxReconnectDelay);
        if (!await LoadStoredFrameworkIdAsync(stop).ConfigureAwait(false))
            return;

        while (!stop.IsCancellationRequested)
        {
            var keepGoing = true;
            try
            {
                keepGoing = await SubscribeAndDispatchAsync(backoff, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (SchedulerApiException refused) when (IsPermanentRefusal(refused.StatusCode))
            {
                Log.Error("Master at {0} refused the subscription: {1}", endpoint.SchedulerApi, refused.Message);
                await NotifyAsync(s => s.Error(this, refused.ResponseBody), nameof(IScheduler.Error)).ConfigureAwait(false);
                keepGoing = false;
            }
            catch (Exception failure) when (failure is HttpRequestException or IOException)
            {
                Log.Warn("Subscription to {0} failed: {1}", endpoint.SchedulerApi, failure.Message);
            }
            catch (Exception failure)
            {
                Log.Warn(failure, "Subscription to {0} failed", endpoint.SchedulerApi);
            }

            var wasSubscribed = streamId is not null;
            streamId = null;
            if (!keepGoing)
                break;
            endpoint.MoveToNextMaster();
            if (wasSubscribed && !stop.IsCancellationRequested)
                await NotifyAsync(s => s.Disconnected(this), nameof(IScheduler.Disconnected)).ConfigureAwait(false);

            try
            {
                await Task.Delay(backoff.NextDelay(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        streamId = null;
        Log.Info("Scheduler driver stopped");
    }

    /// <summary>Returns false when the driver must stop: the store could not be read.</summary>
    private async Task<bool> LoadStoredFrameworkIdAsync(CancellationToken stop)
    {
        if (frameworkId is not null || options.FrameworkIdStore is not { } store)
            return true;

        try
        {
            frameworkId = await store.LoadAsync(stop).ConfigureAwait(false);
            if (frameworkId is not null)
                Log.Info("Failing over as stored framework {0}", frameworkId.Value);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception failure)
        {
            Log.Error(failure, "Could not read the stored framework id");
            await NotifyAsync(s => s.Error(this, $"Could not read the stored framework id: {failure.Message}"), nameof(IScheduler.Error)).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Returns false when the driver must stop rather than resubscribe.</summary>
    private async Task<bool> SubscribeAndDispatchAsync(ReconnectBackoff backoff, CancellationToken stop)
    {
        var subscribe = SubscribeCall();
        HttpResponseMessage response;
        using (var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            headersTimeout.CancelAfter(options.RequestTimeout);
            response = await client.PostAsync(subscribe, streamId: null, headersTimeout.Token).ConfigureAwait(false);
        }

        using (response)
        {
            var newStreamId = response.Headers.TryGetValues(SchedulerApiClient.StreamIdHeader, out var values)
                ? values.FirstOrDefault()
                : null;
            await using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            var reader = new RecordIoReader(body);
            var eventTimeout = options.EventTimeout;

            while (true)
            {
                var record = await ReadWithTimeoutAsync(reader, eventTimeout, stop).ConfigureAwait(false);
                if (record is null)
                    return true;

                var @event = MesosJson.Parse<Event>(Encoding.UTF8.GetString(record));
                if (@event.Type == Event.Types.Type.Subscribed)
                {
                    eventTimeout = OnSubscribed(@event.Subscribed, newStreamId, eventTimeout);
                    backoff.Reset();
                    await StoreFrameworkIdAsync(@event.Subscribed.FrameworkId, stop).ConfigureAwait(false);
                    if (options.ReconcileOnSubscribe)
                        await ReconcileImplicitlyAsync(stop).ConfigureAwait(false);
                }

                if (!await DispatchAsync(@event, stop).ConfigureAwait(false))
                    return false;
            }
        }
    }

    private Call SubscribeCall()
    {
        var info = frameworkInfo.Clone();
        var id = frameworkId;
        var call = SchedulerCalls.Subscribe(info, suppressedRoles);
        if (id is not null)
        {
            info.Id = id;
            call.FrameworkId = id;
        }

        return call;
    }

    private TimeSpan OnSubscribed(Event.Types.Subscribed subscribed, string? newStreamId, TimeSpan eventTimeout)
    {
        frameworkId = subscribed.FrameworkId;
        streamId = newStreamId ?? string.Empty;
        Log.Info("Subscribed to {0} as framework {1}", endpoint.SchedulerApi, subscribed.FrameworkId.Value);

        return subscribed is { HasHeartbeatIntervalSeconds: true, HeartbeatIntervalSeconds: > 0 }
            ? TimeSpan.FromSeconds(subscribed.HeartbeatIntervalSeconds * options.MissedHeartbeatsBeforeReconnect)
            : eventTimeout;
    }

    private async Task StoreFrameworkIdAsync(FrameworkID id, CancellationToken stop)
    {
        if (options.FrameworkIdStore is not { } store)
            return;

        try
        {
            await store.SaveAsync(id, stop).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            Log.Error(failure, "Could not store framework id {0}; a restarted scheduler would register a new framework", id.Value);
        }
    }

    /// <summary>
    /// Asks for every task the master holds for the framework. The answers come
    /// after SUBSCRIBED on the event stream, so the scheduler sees them after its
    /// <see cref="IScheduler.Subscribed"/> callback.
    /// </summary>
    private async Task ReconcileImplicitlyAsync(CancellationToken stop)
    {
        try
        {
            await ReconcileAsync(tasks: null, stop).ConfigureAwait(false);
        }
        catch (Exception failure) when (!stop.IsCancellationRequested)
        {
            Log.Warn("Implicit reconciliation after subscribing failed: {0}", failure.Message);
        }
    }

    /// <summary>The next record; null when the stream ended or went quiet for too long.</summary>
    private async Task<byte[]?> ReadWithTimeoutAsync(RecordIoReader reader, TimeSpan timeout, CancellationToken stop)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stop);
        quiet.CancelAfter(timeout);
        try
        {
            var record = await reader.ReadAsync(quiet.Token).ConfigureAwait(false);
            if (record is null && !tearingDown)
                Log.Warn("Master closed the event stream");
            return record;
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            Log.Warn("No event from the master for {0}; resubscribing", timeout);
            return null;
        }
    }

    /// <summary>Returns false when the event tells the driver to stop.</summary>
    private async Task<bool> DispatchAsync(Event @event, CancellationToken stop)
    {
        switch (@event.Type)
        {
            case Event.Types.Type.Subscribed:
                await NotifyAsync(s => s.Subscribed(this, @event.Subscribed.FrameworkId), nameof(IScheduler.Subscribed)).ConfigureAwait(false);
                break;
            case Event.Types.Type.Offers:
                await NotifyAsync(s => s.ResourceOffers(this, @event.Offers.Offers_.ToList()), nameof(IScheduler.ResourceOffers)).ConfigureAwait(false);
                break;
            case Event.Types.Type.Rescind:
                await NotifyAsync(s => s.OfferRescinded(this, @event.Rescind.OfferId), nameof(IScheduler.OfferRescinded)).ConfigureAwait(false);
                break;
            case Event.Types.Type.Update:
                await HandleStatusUpdateAsync(@event.Update.Status, stop).ConfigureAwait(false);
                break;
            case Event.Types.Type.Message:
                var message = @event.Message;
                await NotifyAsync(s => s.FrameworkMessage(this, message.AgentId, message.ExecutorId, message.Data.ToByteArray()), nameof(IScheduler.FrameworkMessage)).ConfigureAwait(false);
                break;
            case Event.Types.Type.Failure:
                await HandleFailureAsync(@event.Failure).ConfigureAwait(false);
                break;
            case Event.Types.Type.Error:
                Log.Error("Master reported an error: {0}", @event.Error.Message);
                await NotifyAsync(s => s.Error(this, @event.Error.Message), nameof(IScheduler.Error)).ConfigureAwait(false);
                return false;
            case Event.Types.Type.Heartbeat:
                break;
            default:
                Log.Debug("Ignoring {0} event", @event.Type);
                break;
        }

        return true;
    }

    private async Task HandleStatusUpdateAsync(TaskStatus status, CancellationToken stop)
    {
        var handled = await NotifyAsync(s => s.StatusUpdate(this, status), nameof(IScheduler.StatusUpdate)).ConfigureAwait(false);
        if (!handled || !options.AutoAcknowledge || !status.HasUuid || tearingDown)
            return;

        try
        {
            await AcknowledgeAsync(status, stop).ConfigureAwait(false);
        }
        catch (Exception failure) when (!stop.IsCancellationRequested)
        {
            Log.Warn(failure, "Could not acknowledge the {0} update of task {1}", status.State, status.TaskId.Value);
        }
    }

    private Task HandleFailureAsync(Event.Types.Failure failure)
    {
        if (failure.ExecutorId is not null)
        {
            int? exitStatus = failure.HasStatus ? failure.Status : null;
            return NotifyAsync(s => s.ExecutorLost(this, failure.ExecutorId, failure.AgentId, exitStatus), nameof(IScheduler.ExecutorLost));
        }

        return failure.AgentId is not null
            ? NotifyAsync(s => s.AgentLost(this, failure.AgentId), nameof(IScheduler.AgentLost))
            : Task.CompletedTask;
    }

    /// <summary>Runs a callback; a failing callback is logged and does not stop the driver.</summary>
    private async Task<bool> NotifyAsync(Func<IScheduler, Task> callback, string name)
    {
        insideCallback.Value = true;
        try
        {
            await callback(scheduler).ConfigureAwait(false);
            return true;
        }
        catch (Exception failure)
        {
            Log.Error(failure, "Scheduler callback {0} failed", name);
            return false;
        }
        finally
        {
            insideCallback.Value = false;
        }
    }

    // Retrying will not change the answer to these; a timeout or throttling might pass.
    private static bool IsPermanentRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
