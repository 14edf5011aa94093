using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests.Fixtures;

/// <summary>
/// A minimal master on 127.0.0.1 speaking the v1 scheduler API: it records
/// every call, answers SUBSCRIBE with a RecordIO event stream that tests can
/// push events into, and answers other calls with 202 unless told otherwise.
/// </summary>
public sealed class FakeMaster : IAsyncDisposable
{
    public const string AssignedFrameworkId = "fw-1";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;
    private readonly Channel<RecordedCall> calls = Channel.CreateUnbounded<RecordedCall>();
    private readonly ConcurrentQueue<RecordedCall> allCalls = new();
    private Channel<Event?>? currentSubscription;
    private int subscriptionCount;

    private FakeMaster(WebApplication app)
    {
        this.app = app;
        app.MapPost("/api/v1/scheduler", HandleAsync);
    }

    public Uri Address { get; private set; } = null!;

    public string CurrentStreamId => StreamIdOf(subscriptionCount);

    public IReadOnlyCollection<RecordedCall> AllCalls => allCalls.ToArray();

    /// <summary>When set, every request is redirected (307) to this master.</summary>
    public Uri? RedirectTo { get; set; }

    /// <summary>When set, SUBSCRIBE is refused with this status and body.</summary>
    public (HttpStatusCode Status, string Body)? SubscribeRefusal { get; set; }

    /// <summary>Answers other calls; null means 202 Accepted.</summary>
    public Func<Call, (HttpStatusCode Status, string Body)?> CallResponder { get; set; } = _ => null;

    public double HeartbeatIntervalSeconds { get; set; } = 15;

    public static async Task<FakeMaster> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var master = new FakeMaster(builder.Build());
        await master.app.StartAsync();

        var address = master.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        master.Address = new Uri(address);
        return master;
    }

    /// <summary>The next recorded call of the given type, skipping others.</summary>
    public async Task<RecordedCall> NextCallAsync(Call.Types.Type type)
    {
        using var timeout = new CancellationTokenSource(WaitLimit);
        while (true)
        {
            var call = await calls.Reader.ReadAsync(timeout.Token);
            if (call.Call.Type == type)
                return call;
        }
    }

    /// <summary>
    /// The next call the scheduler made itself: neither SUBSCRIBE nor the
    /// implicit RECONCILE (one without tasks) the driver sends after it.
    /// </summary>
    public async Task<RecordedCall> NextSchedulerCallAsync()
    {
        using var timeout = new CancellationTokenSource(WaitLimit);
        while (true)
        {
            var call = await calls.Reader.ReadAsync(timeout.Token);
            if (call.Call.Type != Call.Types.Type.Subscribe && !IsImplicitReconciliation(call.Call))
                return call;
        }
    }

    public static bool IsImplicitReconciliation(Call call) =>
        call.Type == Call.Types.Type.Reconcile && call.Reconcile.Tasks.Count == 0;

    public async Task SendEventAsync(Event @event) => await CurrentSubscription().Writer.WriteAsync(@event);

    /// <summary>Ends the current event stream, as a master that fails would.</summary>
    public void CloseStream() => CurrentSubscription().Writer.TryWrite(null);

    public async ValueTask DisposeAsync()
    {
        if (currentSubscription is not null)
            currentSubscription.Writer.TryComplete();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private Channel<Event?> CurrentSubscription() =>
        currentSubscription ?? throw new InvalidOperationException("No scheduler subscribed yet.");

    private static string StreamIdOf(int subscription) => $"stream-{subscription}";

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new StreamReader(context.Request.Body, Encoding.UTF8);
        var call = MesosJson.Parse<Call>(await body.ReadToEndAsync());
        var recorded = new RecordedCall(
            call,
            context.Request.Headers["Mesos-Stream-Id"].FirstOrDefault(),
            context.Request.ContentType,
            context.Request.Headers.Accept.FirstOrDefault());
        allCalls.Enqueue(recorded);
        calls.Writer.TryWrite(recorded);

        if (RedirectTo is { } leader)
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = $"//{leader.Authority}/api/v1/scheduler";
            return;
        }

        if (call.Type == Call.Types.Type.Subscribe)
        {
            await StreamEventsAsync(context);
            return;
        }

        var answer = CallResponder(call);
        context.Response.StatusCode = (int)(answer?.Status ?? HttpStatusCode.Accepted);
        if (answer is { Body: var text })
            await context.Response.WriteAsync(text);
    }

    private async Task StreamEventsAsync(HttpContext context)
    {
        if (SubscribeRefusal is { } refusal)
        {
            context.Response.StatusCode = (int)refusal.Status;
            await context.Response.WriteAsync(refusal.Body);
            return;
        }

        var events = Channel.CreateUnbounded<Event?>();
        var streamId = StreamIdOf(Interlocked.Increment(ref subscriptionCount));
        currentSubscription = events;

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MesosJson.MediaType;
        context.Response.Headers["Mesos-Stream-Id"] = streamId;
        var writer = new RecordIoWriter(context.Response.Body);

        var subscribed = new Event
        {
            Type = Event.Types.Type.Subscribed,
            Subscribed = new Event.Types.Subscribed
            {
                FrameworkId = new FrameworkID { Value = AssignedFrameworkId },
                HeartbeatIntervalSeconds = HeartbeatIntervalSeconds,
            },
        };

        try
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes(MesosJson.Format(subscribed)), context.RequestAborted);
            await foreach (var @event in events.Reader.ReadAllAsync(context.RequestAborted))
            {
                if (@event is null)
                    return;
                await writer.WriteAsync(Encoding.UTF8.GetBytes(MesosJson.Format(@event)), context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The scheduler went away.
        }
    }
}
