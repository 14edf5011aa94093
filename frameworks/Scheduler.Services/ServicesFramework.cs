using Scheduler.Framework;
using Scheduler.Framework.Hosting;
using Scheduler.Services.Apps;
using Scheduler.Services.Http;
using Scheduler.Services.Storage;

namespace Scheduler.Services;

/// <summary>
/// The services framework as a running whole: its store (which also keeps the framework id), the scheduler subscribed
/// to the master, the HTTP API and a one-second timer for kills and revives.
/// </summary>
public sealed class ServicesFramework : IAsyncDisposable
{
    private readonly FrameworkHost<ServicesScheduler> host;

    private ServicesFramework(FrameworkHost<ServicesScheduler> host) => this.host = host;

    public ServicesScheduler Scheduler => host.Scheduler;

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => host.ApiAddress;

    public SchedulerDriver Driver => host.Driver;

    public static async Task<ServicesFramework> StartAsync(ServicesFrameworkSettings settings) =>
        new(await FrameworkHost<ServicesScheduler>.StartAsync(
            settings,
            () => new SqliteServiceStore(Path.Combine(settings.DataDirectory, "services.db")),
            store =>
            {
                var scheduler = new ServicesScheduler(new ServiceBook(store, TimeProvider.System));
                return new FrameworkComponents<ServicesScheduler>
                {
                    Scheduler = scheduler,
                    FrameworkIdStore = store,
                    StartHttp = (ip, port, authentication) => ServicesHttpServer.StartAsync(scheduler, ip, port, authentication),
                    Tick = scheduler.TickAsync,
                };
            }));

    /// <summary>Stops the process's part without tearing the framework down: its tasks keep running for the failover timeout.</summary>
    public ValueTask DisposeAsync() => host.DisposeAsync();
}
