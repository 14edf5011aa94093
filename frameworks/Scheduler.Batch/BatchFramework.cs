using Scheduler.Batch.Http;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Storage;
using Scheduler.Framework;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch;

/// <summary>
/// The batch framework as a running whole: its store, the scheduler subscribed to the master (failing over with the
/// stored framework id), the HTTP API and a one-second timer for timeouts and revives.
/// </summary>
public sealed class BatchFramework : IAsyncDisposable
{
    private readonly SqliteJobStore store;
    private readonly SchedulerDriver driver;
    private readonly BatchHttpServer http;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task timer;

    private BatchFramework(SqliteJobStore store, SchedulerDriver driver, BatchHttpServer http, BatchScheduler scheduler)
    {
        this.store = store;
        this.driver = driver;
        this.http = http;
        Scheduler = scheduler;
        timer = RunTimerAsync(scheduler, stopping.Token);
    }

    public BatchScheduler Scheduler { get; }

    /// <summary>The API's base URL, also the framework's <c>webui_url</c>.</summary>
    public Uri ApiAddress => http.Address;

    public SchedulerDriver Driver => driver;

    public static async Task<BatchFramework> StartAsync(BatchFrameworkSettings settings)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var store = new SqliteJobStore(Path.Combine(settings.DataDirectory, "batch.db"));
        try
        {
            var scheduler = new BatchScheduler(new JobBook(store, TimeProvider.System));
            var http = await BatchHttpServer.StartAsync(scheduler, settings.ListenAddress, settings.Port, settings.Authentication);
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
            return new BatchFramework(store, driver, http, scheduler);
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

    private static async Task RunTimerAsync(BatchScheduler scheduler, CancellationToken cancel)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await ticks.WaitForNextTickAsync(cancel))
            {
                try { await scheduler.TickAsync(); }
                catch (Exception e) when (e is not OperationCanceledException) { NLog.LogManager.GetCurrentClassLogger().Warn(e, "Batch timer tick failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
