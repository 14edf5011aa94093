using Scheduler.Framework.Tests.Fixtures;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests;

/// <summary>What the driver does so that a framework survives reconnects and its own restart.</summary>
[TestFixture]
public class SchedulerDriverFailoverTests
{
    private FakeMaster master = null!;
    private RecordingScheduler scheduler = null!;
    private SchedulerDriver? driver;
    private string directory = null!;

    [SetUp]
    public async Task StartMaster()
    {
        master = await FakeMaster.StartAsync();
        scheduler = new RecordingScheduler();
        directory = Directory.CreateTempSubdirectory("driver-failover-").FullName;
    }

    [TearDown]
    public async Task StopEverything()
    {
        if (driver is not null)
            await driver.DisposeAsync();
        driver = null;
        await master.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<SchedulerDriver> StartDriverAsync(IFrameworkIdStore? store = null, bool reconcileOnSubscribe = true, FrameworkID? id = null)
    {
        driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions
        {
            Master = master.Address,
            FrameworkInfo = new FrameworkInfo { User = "root", Name = "failover test", FailoverTimeout = 60, Id = id },
            FrameworkIdStore = store,
            ReconcileOnSubscribe = reconcileOnSubscribe,
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        await driver.StartAsync();
        return driver;
    }

    private FileFrameworkIdStore StoreAt(string name) => new(Path.Combine(directory, name));

    [Test]
    public async Task An_implicit_reconciliation_follows_every_subscription()
    {
        await StartDriverAsync();
        await master.NextCallAsync(Call.Types.Type.Subscribe);
        var first = await master.NextCallAsync(Call.Types.Type.Reconcile);

        master.CloseStream();
        await master.NextCallAsync(Call.Types.Type.Subscribe);
        var second = await master.NextCallAsync(Call.Types.Type.Reconcile);

        Assert.That(first.Call.Reconcile.Tasks, Is.Empty, "no tasks: the master answers for all of them");
        Assert.That(first.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(first.StreamId, Is.EqualTo("stream-1"));
        Assert.That(second.Call.Reconcile.Tasks, Is.Empty);
        Assert.That(second.StreamId, Is.EqualTo("stream-2"), "the reconciliation belongs to the new subscription");
    }

    [Test]
    public async Task The_implicit_reconciliation_is_sent_before_the_scheduler_hears_of_the_subscription()
    {
        await StartDriverAsync();

        await RecordingScheduler.Next(scheduler.Subscriptions);

        Assert.That(master.AllCalls.Select(call => call.Call.Type), Is.EqualTo(new[] { Call.Types.Type.Subscribe, Call.Types.Type.Reconcile }));
    }

    [Test]
    public async Task Implicit_reconciliation_can_be_turned_off()
    {
        var started = await StartDriverAsync(reconcileOnSubscribe: false);
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.ReviveAsync();
        await master.NextCallAsync(Call.Types.Type.Revive);

        Assert.That(master.AllCalls.Select(call => call.Call.Type), Is.EqualTo(new[] { Call.Types.Type.Subscribe, Call.Types.Type.Revive }));
    }

    [Test]
    public async Task The_id_the_master_assigns_is_stored()
    {
        var store = StoreAt("framework-id");
        await StartDriverAsync(store);

        await RecordingScheduler.Next(scheduler.Subscriptions);

        Assert.That((await store.LoadAsync(CancellationToken.None))?.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
    }

    [Test]
    public async Task A_stored_id_is_used_to_subscribe_so_the_framework_fails_over()
    {
        var store = StoreAt("framework-id");
        await store.SaveAsync(new FrameworkID { Value = FakeMaster.AssignedFrameworkId }, CancellationToken.None);

        await StartDriverAsync(store);
        var subscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);

        Assert.That(subscribe.Call.FrameworkId.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(subscribe.Call.Subscribe.FrameworkInfo.Id.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
    }

    [Test]
    public async Task An_id_in_the_framework_info_wins_over_the_stored_one()
    {
        var store = StoreAt("framework-id");
        await store.SaveAsync(new FrameworkID { Value = "stale" }, CancellationToken.None);

        await StartDriverAsync(store, id: new FrameworkID { Value = "explicit" });
        var subscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);

        Assert.That(subscribe.Call.FrameworkId.Value, Is.EqualTo("explicit"));
    }

    [Test]
    public async Task Teardown_forgets_the_stored_id()
    {
        var store = StoreAt("framework-id");
        var started = await StartDriverAsync(store);
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.TeardownAsync();

        Assert.That(await store.LoadAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Stopping_keeps_the_stored_id_for_the_next_instance()
    {
        var store = StoreAt("framework-id");
        var started = await StartDriverAsync(store);
        await RecordingScheduler.Next(scheduler.Subscriptions);

        await started.StopAsync();

        Assert.That((await store.LoadAsync(CancellationToken.None))?.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
    }

    [Test]
    public async Task A_store_that_cannot_be_read_is_reported_as_an_error_without_subscribing()
    {
        var started = await StartDriverAsync(new UnreadableStore());

        var error = await RecordingScheduler.Next(scheduler.Errors);
        await started.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(error, Is.EqualTo("Could not read the stored framework id: disk on fire"));
        Assert.That(master.AllCalls, Is.Empty);
    }

    private sealed class UnreadableStore : IFrameworkIdStore
    {
        public Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken) => throw new IOException("disk on fire");

        public Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ClearAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
