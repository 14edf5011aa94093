using Scheduler.Batch.Http;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Storage;
using Scheduler.Framework;
using Scheduler.Framework.Hosting;

namespace Scheduler.Batch;

/// <summary>
/// The batch framework as a running whole: its store (which also keeps the framework id), the scheduler subscribed to
/// the master, the HTTP API and a one-second timer for timeouts and revives.
/// </summary>
public sealed class BatchFramework : IAsyncDisposable
{
    private readonly FrameworkHost<BatchScheduler> host;

    private BatchFramework(FrameworkHost<BatchScheduler> host) => this.host = host;

    public BatchScheduler Scheduler => host.Scheduler;

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => host.ApiAddress;

    public SchedulerDriver Driver => host.Driver;

    public static async Task<BatchFramework> StartAsync(BatchFrameworkSettings settings) =>
        new(await FrameworkHost<BatchScheduler>.StartAsync(
            settings,
            () => new SqliteJobStore(Path.Combine(settings.DataDirectory, "batch.db")),
            store =>
            {
                var scheduler = new BatchScheduler(new JobBook(store, TimeProvider.System));
                return new FrameworkComponents<BatchScheduler>
                {
                    Scheduler = scheduler,
                    FrameworkIdStore = store,
                    StartHttp = (ip, port, authentication) => BatchHttpServer.StartAsync(scheduler, ip, port, authentication),
                    Tick = scheduler.TickAsync,
                };
            }));

    /// <summary>Stops the process's part without tearing the framework down: its tasks keep running for the failover timeout.</summary>
    public ValueTask DisposeAsync() => host.DisposeAsync();
}
