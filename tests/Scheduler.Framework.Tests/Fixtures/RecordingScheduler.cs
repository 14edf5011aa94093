using System.Threading.Channels;
using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Tests.Fixtures;

/// <summary>Records every callback so tests can wait for them in order.</summary>
public sealed class RecordingScheduler : IScheduler
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    public Channel<FrameworkID> Subscriptions { get; } = Channel.CreateUnbounded<FrameworkID>();
    public Channel<IReadOnlyList<Offer>> Offers { get; } = Channel.CreateUnbounded<IReadOnlyList<Offer>>();
    public Channel<TaskStatus> Updates { get; } = Channel.CreateUnbounded<TaskStatus>();
    public Channel<string> Errors { get; } = Channel.CreateUnbounded<string>();
    public Channel<OfferID> Rescinds { get; } = Channel.CreateUnbounded<OfferID>();
    public Channel<bool> Disconnections { get; } = Channel.CreateUnbounded<bool>();

    /// <summary>Runs inside the ResourceOffers callback, after recording.</summary>
    public Func<ISchedulerDriver, IReadOnlyList<Offer>, Task> OnOffers { get; set; } = (_, _) => Task.CompletedTask;

    public static async Task<T> Next<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(WaitLimit);
        return await channel.Reader.ReadAsync(timeout.Token);
    }

    public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId) => Record(Subscriptions, frameworkId);

    public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        await Record(Offers, offers);
        await OnOffers(driver, offers);
    }

    public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status) => Record(Updates, status);

    public Task Error(ISchedulerDriver driver, string message) => Record(Errors, message);

    public Task OfferRescinded(ISchedulerDriver driver, OfferID offerId) => Record(Rescinds, offerId);

    public Task Disconnected(ISchedulerDriver driver) => Record(Disconnections, true);

    private static Task Record<T>(Channel<T> channel, T item)
    {
        channel.Writer.TryWrite(item);
        return Task.CompletedTask;
    }
}
