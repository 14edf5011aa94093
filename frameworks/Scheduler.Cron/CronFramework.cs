using Scheduler.Cron.Http;
using Scheduler.Cron.Runs;
using Scheduler.Cron.Storage;
using Scheduler.Framework;
using Scheduler.Framework.Hosting;

namespace Scheduler.Cron;

/// <summary>
/// The cron framework as a running whole: its store, the scheduler subscribed to the master (its framework id in a
/// file beside the store), the HTTP API and a timer that brings runs due.
/// </summary>
public sealed class CronFramework : IAsyncDisposable
{
    private readonly FrameworkHost<CronScheduler> host;

    private CronFramework(FrameworkHost<CronScheduler> host) => this.host = host;

    public CronScheduler Scheduler => host.Scheduler;

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => host.ApiAddress;

    public SchedulerDriver Driver => host.Driver;

    public static async Task<CronFramework> StartAsync(CronFrameworkSettings settings) =>
        new(await FrameworkHost<CronScheduler>.StartAsync(
            settings,
            () => new SqliteCronStore(Path.Combine(settings.DataDirectory, "cron.db")),
            store =>
            {
                var scheduler = new CronScheduler(new CronBook(store, TimeProvider.System));
                return new FrameworkComponents<CronScheduler>
                {
                    Scheduler = scheduler,
                    FrameworkIdStore = new FileFrameworkIdStore(Path.Combine(settings.DataDirectory, "framework-id")),
                    StartHttp = (ip, port, authentication) => CronHttpServer.StartAsync(scheduler, ip, port, authentication),
                    Tick = scheduler.TickAsync,
                    TickInterval = settings.TickInterval,
                };
            }));

    /// <summary>Stops the process's part without tearing the framework down: its tasks keep running for the failover timeout.</summary>
    public ValueTask DisposeAsync() => host.DisposeAsync();
}
