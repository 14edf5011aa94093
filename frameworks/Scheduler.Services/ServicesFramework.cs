using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Scheduler.Services.Apps;
using Scheduler.Services.Http;
using Scheduler.Services.Storage;

namespace Scheduler.Services;

/// <summary>
/// The services framework as a running whole: its store, the scheduler subscribed to the master (failing over with
/// the stored framework id), the HTTP API and a one-second timer for kills and revives.
/// </summary>
public sealed class ServicesFramework : IAsyncDisposable
{
    private readonly SqliteServiceStore store;
    private readonly SchedulerDriver driver;
    private readonly ServicesHttpServer http;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task timer;

    private ServicesFramework(SqliteServiceStore store, SchedulerDriver driver, ServicesHttpServer http, ServicesScheduler scheduler)
    {
        this.store = store;
        this.driver = driver;
        this.http = http;
        Scheduler = scheduler;
        timer = RunTimerAsync(scheduler, stopping.Token);
    }

    public ServicesScheduler Scheduler { get; }

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => http.Address;

    public SchedulerDriver Driver => driver;

    public static async Task<ServicesFramework> StartAsync(ServicesFrameworkSettings settings)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var store = new SqliteServiceStore(Path.Combine(settings.DataDirectory, "services.db"));
        try
        {
            var scheduler = new ServicesScheduler(new ServiceBook(store, TimeProvider.System));
            var http = await ServicesHttpServer.StartAsync(scheduler, settings.ListenAddress, settings.Port, settings.Authentication);
            var info = new FrameworkInfo
            {
                Name = settings.FrameworkName, User = settings.User, Role = settings.Role, Checkpoint = true,
                FailoverTimeout = settings.FailoverTimeout.TotalSeconds, WebuiUrl = http.Address.ToString(),
            };
            info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
            var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions
            {
                Master = settings.Masters[0], OtherMasters = settings.Masters.Skip(1).ToList(), FrameworkInfo = info, Credential = settings.Credential, FrameworkIdStore = store,
            });
            await driver.StartAsync();
            return new ServicesFramework(store, driver, http, scheduler);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Stops the process's part without tearing the framework down: its tasks keep running for the failover timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await timer;
        await driver.DisposeAsync();
        await http.DisposeAsync();
        store.Dispose();
        stopping.Dispose();
    }

    private static async Task RunTimerAsync(ServicesScheduler scheduler, CancellationToken cancel)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await ticks.WaitForNextTickAsync(cancel))
            {
                try { await scheduler.TickAsync(); }
                catch (Exception e) when (e is not OperationCanceledException) { NLog.LogManager.GetCurrentClassLogger().Warn(e, "Services timer tick failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
