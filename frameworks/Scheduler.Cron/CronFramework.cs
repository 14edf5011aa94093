using Scheduler.Cron.Http;
using Scheduler.Cron.Runs;
using Scheduler.Cron.Storage;
using Scheduler.Framework;
using Scheduler.Protocol.V1;

namespace Scheduler.Cron;

/// <summary>
/// The cron framework as a running whole: its store, the scheduler subscribed to the master (failing over with the
/// stored framework id), the HTTP API and a timer that brings runs due.
/// </summary>
public sealed class CronFramework : IAsyncDisposable
{
    private readonly SqliteCronStore store;
    private readonly SchedulerDriver driver;
    private readonly CronHttpServer http;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task timer;

    private CronFramework(SqliteCronStore store, SchedulerDriver driver, CronHttpServer http, CronScheduler scheduler, TimeSpan tick)
    {
        this.store = store;
        this.driver = driver;
        this.http = http;
        Scheduler = scheduler;
        timer = RunTimerAsync(scheduler, tick, stopping.Token);
    }

    public CronScheduler Scheduler { get; }

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => http.Address;

    public SchedulerDriver Driver => driver;

    public static async Task<CronFramework> StartAsync(CronFrameworkSettings settings)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var store = new SqliteCronStore(Path.Combine(settings.DataDirectory, "cron.db"));
        try
        {
            var scheduler = new CronScheduler(new CronBook(store, TimeProvider.System));
            var http = await CronHttpServer.StartAsync(scheduler, settings.ListenAddress, settings.Port, settings.Authentication);
            var info = new FrameworkInfo
            {
                Name = settings.FrameworkName, User = settings.User, Role = settings.Role, Checkpoint = true,
                FailoverTimeout = settings.FailoverTimeout.TotalSeconds, WebuiUrl = http.Address.ToString(),
            };
            info.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.PartitionAware });
            var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions
            {
                Master = settings.Masters[0], OtherMasters = settings.Masters.Skip(1).ToList(), FrameworkInfo = info, Credential = settings.Credential,
                FrameworkIdStore = new FileFrameworkIdStore(Path.Combine(settings.DataDirectory, "framework-id")),
            });
            await driver.StartAsync();
            return new CronFramework(store, driver, http, scheduler, settings.TickInterval);
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

    private static async Task RunTimerAsync(CronScheduler scheduler, TimeSpan interval, CancellationToken cancel)
    {
        using var ticks = new PeriodicTimer(interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(cancel))
            {
                try { await scheduler.TickAsync(); }
                catch (Exception e) when (e is not OperationCanceledException) { NLog.LogManager.GetCurrentClassLogger().Warn(e, "Cron timer tick failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
