using System.Net;
using Scheduler.Framework.Hosting;
using Scheduler.Framework.Tests.Fixtures;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests.Hosting;

/// <summary>A framework hosted against the fake master: what it subscribes as, its API and timer, and what it closes.</summary>
[TestFixture]
public sealed class FrameworkHostTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private FakeMaster master = null!;
    private string directory = null!;

    private sealed record HostedSettings : FrameworkSettings
    {
        public override int Port { get; init; }

        public override string FrameworkName { get; init; } = "hosted";
    }

    private sealed class Store : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [SetUp]
    public async Task Start()
    {
        master = await FakeMaster.StartAsync();
        directory = Path.Combine(Path.GetTempPath(), "framework-host-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public async Task Stop()
    {
        await master.DisposeAsync();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private HostedSettings Settings() => new() { Masters = [master.Address], DataDirectory = Path.Combine(directory, "data"), User = "ops", Role = "web" };

    private FrameworkComponents<RecordingScheduler> Components(SemaphoreSlim ticked) => new()
    {
        Scheduler = new RecordingScheduler(),
        FrameworkIdStore = new FileFrameworkIdStore(Path.Combine(directory, "data", "framework-id")),
        StartHttp = (ip, port, authentication) => FrameworkHttpHost.StartAsync(ip, port, authentication, _ => { }),
        Tick = () =>
        {
            ticked.Release();
            return Task.CompletedTask;
        },
        TickInterval = TimeSpan.FromMilliseconds(10),
    };

    [Test]
    public async Task It_subscribes_with_the_settings_serves_its_api_ticks_and_closes_everything()
    {
        var store = new Store();
        var ticked = new SemaphoreSlim(0);
        var host = await FrameworkHost<RecordingScheduler>.StartAsync(Settings(), () => store, _ => Components(ticked));
        Uri api;
        await using (host)
        {
            api = host.ApiAddress;
            Assert.That(Directory.Exists(Path.Combine(directory, "data")), Is.True, "the data directory is created");

            var subscribe = await master.NextCallAsync(Call.Types.Type.Subscribe);
            var info = subscribe.Call.Subscribe.FrameworkInfo;
            Assert.That((info.Name, info.User, info.Role, info.Checkpoint), Is.EqualTo(("hosted", "ops", "web", true)));
            Assert.That(info.FailoverTimeout, Is.EqualTo(TimeSpan.FromDays(7).TotalSeconds));
            Assert.That(info.WebuiUrl, Is.EqualTo(api.ToString()));
            Assert.That(info.Capabilities.Select(capability => capability.Type), Does.Contain(FrameworkInfo.Types.Capability.Types.Type.PartitionAware));
            Assert.That(await host.Scheduler.Subscriptions.Reader.ReadAsync().AsTask().WaitAsync(WaitLimit), Has.Property("Value").EqualTo(FakeMaster.AssignedFrameworkId));

            using var http = new HttpClient { BaseAddress = api };
            using var health = await http.GetAsync("health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ticked.WaitAsync(WaitLimit), Is.True, "the timer ticks");
            Assert.That(store.Disposed, Is.False);
        }

        Assert.That(store.Disposed, Is.True, "the store is closed");
        using var after = new HttpClient { BaseAddress = api };
        Assert.That(async () => await after.GetAsync("health"), Throws.InstanceOf<HttpRequestException>(), "the API is stopped");
    }

    [Test]
    public void A_failure_while_composing_closes_the_store()
    {
        var store = new Store();
        Assert.That(async () => await FrameworkHost<RecordingScheduler>.StartAsync<Store>(Settings(), () => store, _ => throw new InvalidDataException("corrupt store")),
            Throws.InstanceOf<InvalidDataException>());
        Assert.That(store.Disposed, Is.True);
    }

    [Test]
    public async Task A_port_in_use_closes_the_store()
    {
        await using var occupant = await FrameworkHttpHost.StartAsync(IPAddress.Loopback, 0, null, _ => { });
        var store = new Store();
        Assert.That(async () => await FrameworkHost<RecordingScheduler>.StartAsync(Settings() with { Port = occupant.Address.Port }, () => store, _ => Components(new SemaphoreSlim(0))),
            Throws.InstanceOf<IOException>());
        Assert.That(store.Disposed, Is.True);
    }
}
