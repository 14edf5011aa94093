using System.Net;
using Google.Protobuf;
using Scheduler.Framework.Tests.Fixtures;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests;

[TestFixture]
public class SchedulerDriverTests
{
    private FakeMaster master = null!;
    private RecordingScheduler scheduler = null!;
    private SchedulerDriver? driver;

    [SetUp]
    public async Task StartMaster()
    {
        master = await FakeMaster.StartAsync();
        scheduler = new RecordingScheduler();
    }

    [TearDown]
    public async Task StopEverything()
    {
        if (driver is not null)
            await driver.DisposeAsync();
        driver = null;
        await master.DisposeAsync();
    }

    private static FrameworkInfo Framework() => new() { User = "root", Name = "test framework", FailoverTimeout = 60 };

    private async Task<SchedulerDriver> StartDriverAsync(Uri? masterAddress = null, bool autoAcknowledge = true)
    {
        driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions
        {
            Master = masterAddress ?? master.Address,
            FrameworkInfo = Framework(),
            AutoAcknowledge = autoAcknowledge,
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        await driver.StartAsync();
        return driver;
    }

    private static Offer AnOffer(string id) => new()
    {
        Id = new OfferID { Value = id },
        FrameworkId = new FrameworkID { Value = FakeMaster.AssignedFrameworkId },
        AgentId = new AgentID { Value = "agent-1" },
        Hostname = "node-1",
        Resources = { new Resource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 2 } } },
    };

    private static Event OffersEvent(params string[] offerIds) => new()
    {
        Type = Event.Types.Type.Offers,
        Offers = new Event.Types.Offers { Offers_ = { offerIds.Select(AnOffer) } },
    };

    private static Event UpdateEvent(string taskId, ByteString? uuid)
    {
        var status = new TaskStatus
        {
            TaskId = new TaskID { Value = taskId },
            State = TaskState.TaskRunning,
            AgentId = new AgentID { Value = "agent-1" },
            Source = TaskStatus.Types.Source.Executor,
        };
        if (uuid is not null)
            status.Uuid = uuid;
        return new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = status } };
    }

    [Test]
    public async Task Subscribe_delivers_the_framework_id_assigned_by_the_master()
    {
        var started = await StartDriverAsync();

        var frameworkId = await RecordingScheduler.Next(scheduler.Subscriptions);
        var subscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);

        Assert.That(frameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(started.FrameworkId?.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(started.StreamId, Is.EqualTo("stream-1"));
        Assert.That(subscribe.Call.Subscribe.FrameworkInfo.Name, Is.EqualTo("test framework"));
        Assert.That(subscribe.Call.FrameworkId, Is.Null, "a new framework has no id yet");
        Assert.That(subscribe.ContentType, Is.EqualTo("application/json"));
        Assert.That(subscribe.Accept, Is.EqualTo("application/json"));
        Assert.That(subscribe.StreamId, Is.Null, "SUBSCRIBE carries no stream id");
    }

    [Test]
    public async Task Offers_are_delivered_and_launching_accepts_with_the_stream_id()
    {
        scheduler.OnOffers = (d, offers) => d.LaunchAsync(
            offers[0].Id,
            [new TaskInfo { Name = "sleep", TaskId = new TaskID { Value = "task-1" }, AgentId = offers[0].AgentId, Command = new CommandInfo { Value = "sleep 10" } }],
            new Filters { RefuseSeconds = 30 });
        await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await master.SendEventAsync(OffersEvent("offer-1", "offer-2"));
        var offers = await RecordingScheduler.Next(scheduler.Offers);
        var accept = await master.NextCallAsync(Call.Types.Type.Accept);

        Assert.That(offers.Select(offer => offer.Id.Value), Is.EqualTo(new[] { "offer-1", "offer-2" }));
        Assert.That(accept.StreamId, Is.EqualTo("stream-1"));
        Assert.That(accept.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(accept.Call.Accept.OfferIds.Single().Value, Is.EqualTo("offer-1"));
        Assert.That(accept.Call.Accept.Filters.RefuseSeconds, Is.EqualTo(30));
        var operation = accept.Call.Accept.Operations.Single();
        Assert.That(operation.Type, Is.EqualTo(Offer.Types.Operation.Types.Type.Launch));
        Assert.That(operation.Launch.TaskInfos.Single().TaskId.Value, Is.EqualTo("task-1"));
    }

    [Test]
    public async Task Status_updates_with_a_uuid_are_acknowledged_automatically()
    {
        await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);
        var uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());

        await master.SendEventAsync(UpdateEvent("task-without-uuid", uuid: null));
        await master.SendEventAsync(UpdateEvent("task-1", uuid));
        var first = await RecordingScheduler.Next(scheduler.Updates);
        var second = await RecordingScheduler.Next(scheduler.Updates);
        var acknowledge = await master.NextSchedulerCallAsync();

        Assert.That(first.TaskId.Value, Is.EqualTo("task-without-uuid"));
        Assert.That(second.TaskId.Value, Is.EqualTo("task-1"));
        Assert.That(acknowledge.Call.Type, Is.EqualTo(Call.Types.Type.Acknowledge), "the update without uuid is not acknowledged");
        Assert.That(acknowledge.Call.Acknowledge.Uuid, Is.EqualTo(uuid));
        Assert.That(acknowledge.Call.Acknowledge.TaskId.Value, Is.EqualTo("task-1"));
        Assert.That(acknowledge.Call.Acknowledge.AgentId.Value, Is.EqualTo("agent-1"));
        Assert.That(acknowledge.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(acknowledge.StreamId, Is.EqualTo("stream-1"));
    }

    [Test]
    public async Task Without_automatic_acknowledgement_updates_are_acknowledged_only_when_asked()
    {
        scheduler.OnOffers = (d, offers) => d.DeclineAsync(offers.Select(offer => offer.Id));
        var started = await StartDriverAsync(autoAcknowledge: false);
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await master.SendEventAsync(UpdateEvent("task-1", ByteString.CopyFrom(Guid.NewGuid().ToByteArray())));
        await master.SendEventAsync(OffersEvent("offer-1"));
        var update = await RecordingScheduler.Next(scheduler.Updates);
        var afterUpdate = await master.NextSchedulerCallAsync();
        await started.AcknowledgeAsync(update);
        var explicitAcknowledge = await master.NextSchedulerCallAsync();

        Assert.That(afterUpdate.Call.Type, Is.EqualTo(Call.Types.Type.Decline), "no automatic ACKNOWLEDGE before the next event");
        Assert.That(explicitAcknowledge.Call.Type, Is.EqualTo(Call.Types.Type.Acknowledge));
        Assert.That(explicitAcknowledge.Call.Acknowledge.Uuid, Is.EqualTo(update.Uuid));
    }

    [Test]
    public async Task A_call_the_master_rejects_raises_an_exception_with_status_and_message()
    {
        master.CallResponder = call => call.Type == Call.Types.Type.Decline
            ? (HttpStatusCode.BadRequest, "Offer 'offer-9' is no longer valid")
            : null;
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        var failure = Assert.ThrowsAsync<SchedulerApiException>(() => started.DeclineAsync([new OfferID { Value = "offer-9" }]));

        Assert.That(failure!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(failure.ResponseBody, Is.EqualTo("Offer 'offer-9' is no longer valid"));
        Assert.That(failure.Message, Does.Contain("400").And.Contain("Offer 'offer-9' is no longer valid"));
    }

    [Test]
    public async Task A_call_throttled_with_429_is_sent_again_after_a_pause_instead_of_failing()
    {
        var refusals = 1;
        master.CallResponder = call => call.Type == Call.Types.Type.Revive && Interlocked.Decrement(ref refusals) >= 0
            ? (HttpStatusCode.TooManyRequests, "Rate limit exceeded")
            : null;
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.ReviveAsync(["web"]);

        Assert.That(master.AllCalls.Count(recorded => recorded.Call.Type == Call.Types.Type.Revive), Is.EqualTo(2));
    }

    [Test]
    public async Task Calls_other_than_decline_still_succeed_with_202()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.KillAsync(new TaskID { Value = "task-1" }, new AgentID { Value = "agent-1" });
        await started.ReviveAsync(["web"]);
        await started.SuppressAsync();
        await started.ReconcileAsync([(new TaskID { Value = "task-2" }, null)]);

        var kill = await master.NextSchedulerCallAsync();
        var revive = await master.NextSchedulerCallAsync();
        var suppress = await master.NextSchedulerCallAsync();
        var reconcile = await master.NextSchedulerCallAsync();
        Assert.That(kill.Call.Kill.TaskId.Value, Is.EqualTo("task-1"));
        Assert.That(kill.Call.Kill.AgentId.Value, Is.EqualTo("agent-1"));
        Assert.That(revive.Call.Revive.Roles, Is.EqualTo(new[] { "web" }));
        Assert.That(suppress.Call.Type, Is.EqualTo(Call.Types.Type.Suppress));
        Assert.That(suppress.Call.Suppress.Roles, Is.Empty);
        Assert.That(reconcile.Call.Reconcile.Tasks.Single().TaskId.Value, Is.EqualTo("task-2"));
        Assert.That(reconcile.Call.Reconcile.Tasks.Single().AgentId, Is.Null);
    }

    [Test]
    public async Task A_broken_stream_resubscribes_with_the_framework_id()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);
        await master.NextCallAsync(Call.Types.Type.Subscribe);

        master.CloseStream();
        await RecordingScheduler.Next(scheduler.Disconnections);
        var resubscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);
        await RecordingScheduler.Next(scheduler.Subscriptions);
        await started.ReviveAsync();
        var revive = await master.NextSchedulerCallAsync();

        Assert.That(resubscribe.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(resubscribe.Call.Subscribe.FrameworkInfo.Id.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(revive.StreamId, Is.EqualTo("stream-2"), "calls use the new subscription's stream id");
    }

    [Test]
    public async Task Update_framework_sends_the_new_info_and_later_resubscriptions_carry_it()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);
        await master.NextCallAsync(Call.Types.Type.Subscribe);
        var info = Framework();
        info.Name = "renamed";
        info.Roles.Add("web");
        info.Roles.Add("batch");

        await started.UpdateFrameworkAsync(info, ["batch"]);
        var update = await master.NextCallAsync(Call.Types.Type.UpdateFramework);
        master.CloseStream();
        var resubscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);

        Assert.That(update.Call.UpdateFramework.FrameworkInfo.Id.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(update.Call.UpdateFramework.FrameworkInfo.Name, Is.EqualTo("renamed"));
        Assert.That(update.Call.UpdateFramework.SuppressedRoles, Is.EqualTo(new[] { "batch" }));
        Assert.That(resubscribe.Call.Subscribe.FrameworkInfo.Name, Is.EqualTo("renamed"));
        Assert.That(resubscribe.Call.Subscribe.FrameworkInfo.Roles, Is.EqualTo(new[] { "web", "batch" }));
        Assert.That(resubscribe.Call.Subscribe.SuppressedRoles, Is.EqualTo(new[] { "batch" }));
        Assert.That(info.Id, Is.Null, "the caller's info is left as it was");
    }

    [Test]
    public async Task Missing_heartbeats_make_the_driver_resubscribe()
    {
        master.HeartbeatIntervalSeconds = 0.05;
        await StartDriverAsync();
        await master.NextCallAsync(Call.Types.Type.Subscribe);

        await RecordingScheduler.Next(scheduler.Disconnections);
        var resubscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);

        Assert.That(resubscribe.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
    }

    [Test]
    public async Task Heartbeats_keep_the_subscription_open()
    {
        master.HeartbeatIntervalSeconds = 0.2;
        await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        for (var i = 0; i < 10; i++)
        {
            await master.SendEventAsync(new Event { Type = Event.Types.Type.Heartbeat });
            await Task.Delay(150);
        }

        Assert.That(scheduler.Disconnections.Reader.TryRead(out _), Is.False);
        Assert.That(master.AllCalls.Count(call => call.Call.Type == Call.Types.Type.Subscribe), Is.EqualTo(1));
    }

    [Test]
    public async Task A_redirect_leads_to_the_leading_master_for_all_later_calls()
    {
        await using var follower = await FakeMaster.StartAsync();
        follower.RedirectTo = master.Address;
        var started = await StartDriverAsync(follower.Address);
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.DeclineAsync([new OfferID { Value = "offer-1" }]);
        var decline = await master.NextSchedulerCallAsync();

        Assert.That(started.SchedulerEndpoint, Is.EqualTo(new Uri(master.Address, "api/v1/scheduler")));
        Assert.That(decline.Call.Decline.OfferIds.Single().Value, Is.EqualTo("offer-1"));
        Assert.That(follower.AllCalls.Select(call => call.Call.Type), Is.EqualTo(new[] { Call.Types.Type.Subscribe }));
    }

    [Test]
    public async Task A_refused_subscription_is_reported_as_an_error_and_stops_the_driver()
    {
        master.SubscribeRefusal = (HttpStatusCode.BadRequest, "Failed to validate FrameworkInfo: empty name");
        var started = await StartDriverAsync();

        var error = await RecordingScheduler.Next(scheduler.Errors);
        await started.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(error, Is.EqualTo("Failed to validate FrameworkInfo: empty name"));
        Assert.That(started.IsSubscribed, Is.False);
        Assert.That(master.AllCalls, Has.Count.EqualTo(1), "no retry after a 4xx");
    }

    [Test]
    public async Task An_error_event_is_reported_and_stops_the_driver()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await master.SendEventAsync(new Event { Type = Event.Types.Type.Error, Error = new Event.Types.Error { Message = "Framework has been removed" } });
        var error = await RecordingScheduler.Next(scheduler.Errors);
        await started.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(error, Is.EqualTo("Framework has been removed"));
        Assert.That(master.AllCalls.Count(call => call.Call.Type == Call.Types.Type.Subscribe), Is.EqualTo(1));
    }

    [Test]
    public async Task Rescinded_offers_are_delivered()
    {
        await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await master.SendEventAsync(new Event { Type = Event.Types.Type.Rescind, Rescind = new Event.Types.Rescind { OfferId = new OfferID { Value = "offer-7" } } });

        Assert.That((await RecordingScheduler.Next(scheduler.Rescinds)).Value, Is.EqualTo("offer-7"));
    }

    [Test]
    public async Task Teardown_sends_teardown_and_stops_the_driver()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.TeardownAsync();
        var teardown = await master.NextSchedulerCallAsync();

        Assert.That(teardown.Call.Type, Is.EqualTo(Call.Types.Type.Teardown));
        Assert.That(teardown.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(started.Completion.IsCompleted, Is.True);
        Assert.That(started.IsSubscribed, Is.False);
    }

    [Test]
    public async Task Stopping_twice_and_disposing_after_stop_are_harmless()
    {
        var started = await StartDriverAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.StopAsync();
        await started.StopAsync();
        await started.DisposeAsync();

        Assert.That(started.Completion.IsCompleted, Is.True);
        Assert.That(started.IsSubscribed, Is.False);
    }

    [Test]
    public void Calls_before_the_framework_has_an_id_are_refused()
    {
        var idle = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = master.Address, FrameworkInfo = Framework() });

        Assert.That(() => idle.ReviveAsync(), Throws.InvalidOperationException);
    }
}
