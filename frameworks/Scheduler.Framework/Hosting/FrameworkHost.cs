using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Hosting;

/// <summary>
/// A framework as a running whole: its store, its HTTP API, its scheduler subscribed to the master through a
/// <see cref="SchedulerDriver"/> (failing over with the stored framework id, partition-aware, checkpointing, the API
/// as <c>webui_url</c>) and its timer.
/// </summary>
public sealed class FrameworkHost<TScheduler> : IAsyncDisposable where TScheduler : IScheduler
{
    private readonly IDisposable store;
    private readonly FrameworkHttpHost http;
    private readonly PeriodicTick timer;

    private FrameworkHost(IDisposable store, FrameworkHttpHost http, SchedulerDriver driver, TScheduler scheduler, PeriodicTick timer)
    {
        this.store = store;
        this.http = http;
        this.timer = timer;
        Driver = driver;
        Scheduler = scheduler;
    }

    public TScheduler Scheduler { get; }

    public SchedulerDriver Driver { get; }

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => http.Address;

    /// <summary>
    /// Creates the data directory, opens the store and builds the framework's parts on it, starts the API, then the
    /// driver and the timer; what was opened is closed again when a step fails.
    /// </summary>
    public static async Task<FrameworkHost<TScheduler>> StartAsync<TStore>(
        FrameworkSettings settings, Func<TStore> openStore, Func<TStore, FrameworkComponents<TScheduler>> compose)
        where TStore : IDisposable
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var store = openStore();
        FrameworkHttpHost? http = null;
        try
        {
            var components = compose(store);
            http = await components.StartHttp(settings.ListenAddress, settings.Port, settings.Authentication);
            var driver = new SchedulerDriver(components.Scheduler, new SchedulerDriverOptions
            {
                Master = settings.Masters[0], OtherMasters = settings.Masters.Skip(1).ToList(), FrameworkInfo = Describe(settings, http.Address),
                Credential = settings.Credential, FrameworkIdStore = components.FrameworkIdStore,
            });
            await driver.StartAsync();
            var timer = new PeriodicTick(settings.FrameworkName, components.TickInterval, components.Tick);
            return new FrameworkHost<TScheduler>(store, http, driver, components.Scheduler, timer);
        }
        catch
        {
            if (http is not null) await http.DisposeAsync();
            store.Dispose();
            throw;
        }
    }

    /// <summary>Stops the process's part without tearing the framework down: its tasks keep running for the failover timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        await timer.DisposeAsync();
        await Driver.DisposeAsync();
        await http.DisposeAsync();
        store.Dispose();
    }

    private static FrameworkInfo Describe(FrameworkSettings settings, Uri apiAddress)
    {
        var info = new FrameworkInfo
        {
            Name = settings.FrameworkName, User = settings.User, Role = settings.Role, Checkpoint = true,
            FailoverTimeout = settings.FailoverTimeout.TotalSeconds, WebuiUrl = apiAddress.ToString(),
        };
        info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
        return info;
    }
}
