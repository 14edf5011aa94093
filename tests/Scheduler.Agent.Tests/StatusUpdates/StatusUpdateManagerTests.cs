using Scheduler.Agent.StatusUpdates;

namespace Scheduler.Agent.Tests.StatusUpdates;

[TestFixture]
public sealed class StatusUpdateManagerTests
{
    private sealed record Update(string TaskId, string State, Guid Uuid)
    {
        public bool IsTerminal => State is "FINISHED" or "FAILED" or "KILLED" or "LOST";
    }

    private FakeClock clock = null!;
    private StatusUpdateManager<string, Update> manager = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new FakeClock();
        manager = new StatusUpdateManager<string, Update>(clock, u => u.TaskId, u => u.Uuid, u => u.IsTerminal);
    }

    private static Update NewUpdate(string taskId, string state) => new(taskId, state, Guid.NewGuid());

    [Test]
    public void FirstUpdateOfATaskIsSentAndLaterOnesWaitForItsAck()
    {
        var running = NewUpdate("t1", "RUNNING");
        var finished = NewUpdate("t1", "FINISHED");

        Assert.Multiple(() =>
        {
            Assert.That(manager.Enqueue(running), Is.True);
            Assert.That(manager.Enqueue(finished), Is.False);
            Assert.That(manager.Enqueue(NewUpdate("t2", "RUNNING")), Is.True, "streams are independent");
            Assert.That(manager.Stream("t1")!.Outstanding, Is.SameAs(running));
        });
    }

    [Test]
    public void AcknowledgingTheHeadReleasesTheNextUpdate()
    {
        var running = NewUpdate("t1", "RUNNING");
        var finished = NewUpdate("t1", "FINISHED");
        manager.Enqueue(running);
        manager.Enqueue(finished);

        var ack = manager.Acknowledge("t1", running.Uuid);

        Assert.That(ack, Is.EqualTo(new StatusUpdateAcknowledgement<Update>(true, finished, false)));
        Assert.That(manager.Stream("t1")!.Outstanding, Is.SameAs(finished));
    }

    [Test]
    public void StaleDuplicateAndUnknownAcksChangeNothing()
    {
        var running = NewUpdate("t1", "RUNNING");
        var finished = NewUpdate("t1", "FINISHED");
        manager.Enqueue(running);
        manager.Enqueue(finished);

        Assert.Multiple(() =>
        {
            Assert.That(manager.Acknowledge("t1", finished.Uuid).Accepted, Is.False, "ack of an update not yet outstanding");
            Assert.That(manager.Acknowledge("t1", Guid.NewGuid()).Accepted, Is.False, "ack of an unknown uuid");
            Assert.That(manager.Acknowledge("t9", running.Uuid).Accepted, Is.False, "ack for an unknown task");
            Assert.That(manager.Acknowledge("t1", running.Uuid).Accepted, Is.True);
            Assert.That(manager.Acknowledge("t1", running.Uuid), Is.SameAs(StatusUpdateAcknowledgement<Update>.Ignored),
                "duplicate ack");
            Assert.That(manager.Stream("t1")!.Outstanding, Is.SameAs(finished));
        });
    }

    [Test]
    public void DuplicateUpdatesAreIgnored()
    {
        var running = NewUpdate("t1", "RUNNING");
        manager.Enqueue(running);

        Assert.That(manager.Enqueue(running), Is.False);
        manager.Acknowledge("t1", running.Uuid);
        Assert.That(manager.Enqueue(running), Is.False, "an already acknowledged update is not resent");
        Assert.That(manager.Stream("t1")!.Pending, Is.Empty);
    }

    [Test]
    public void RetriesBackOffFromTenSecondsDoublingUpToTenMinutes()
    {
        var running = NewUpdate("t1", "RUNNING");
        manager.Enqueue(running);
        var retryTimes = new List<double>();
        var elapsed = TimeSpan.Zero;

        while (elapsed < TimeSpan.FromMinutes(45))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            elapsed += TimeSpan.FromSeconds(1);
            var due = manager.DueForRetry();
            if (due.Count > 0)
            {
                Assert.That(due, Is.EqualTo(new[] { running }));
                retryTimes.Add(elapsed.TotalSeconds);
            }
        }

        // Waits of 10, 20, 40, ..., 320, then capped at 600 seconds.
        Assert.That(retryTimes, Is.EqualTo(new double[] { 10, 30, 70, 150, 310, 630, 1230, 1830, 2430 }));
    }

    [Test]
    public void NothingIsDueBeforeItsTimeOrAfterAcknowledgement()
    {
        var running = NewUpdate("t1", "RUNNING");
        manager.Enqueue(running);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.That(manager.DueForRetry(), Is.Empty);
        Assert.That(manager.NextRetryAt, Is.EqualTo(clock.Now + TimeSpan.FromSeconds(1)));

        manager.Acknowledge("t1", running.Uuid);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(manager.DueForRetry(), Is.Empty);
        Assert.That(manager.NextRetryAt, Is.Null);
    }

    [Test]
    public void NextUpdateStartsWithAFreshBackoff()
    {
        var running = NewUpdate("t1", "RUNNING");
        var finished = NewUpdate("t1", "FINISHED");
        manager.Enqueue(running);
        manager.Enqueue(finished);
        clock.Advance(TimeSpan.FromSeconds(10));
        manager.DueForRetry();
        clock.Advance(TimeSpan.FromSeconds(20));
        manager.DueForRetry();

        manager.Acknowledge("t1", running.Uuid);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(manager.DueForRetry(), Is.EqualTo(new[] { finished }));
    }

    [Test]
    public void AcknowledgedTerminalUpdateClosesTheStream()
    {
        var finished = NewUpdate("t1", "FINISHED");
        manager.Enqueue(finished);

        var ack = manager.Acknowledge("t1", finished.Uuid);

        Assert.Multiple(() =>
        {
            Assert.That(ack, Is.EqualTo(new StatusUpdateAcknowledgement<Update>(true, null, true)));
            Assert.That(manager.StreamCount, Is.Zero);
            Assert.That(manager.IsClosed("t1"), Is.True);
            Assert.That(manager.Enqueue(finished), Is.False, "a late retry of the terminal update is not resent");
            Assert.That(manager.Enqueue(NewUpdate("t1", "RUNNING")), Is.False);
        });
    }

    [Test]
    public void UpdatesAfterATerminalOneAreRefused()
    {
        manager.Enqueue(NewUpdate("t1", "FAILED"));

        Assert.That(manager.Enqueue(NewUpdate("t1", "RUNNING")), Is.False);
        Assert.That(manager.Stream("t1")!.Pending, Has.Count.EqualTo(1));
    }

    [Test]
    public void ResendAllReturnsEveryOutstandingHeadAndRestartsBackoff()
    {
        var first = NewUpdate("t1", "RUNNING");
        var second = NewUpdate("t2", "RUNNING");
        manager.Enqueue(first);
        manager.Enqueue(NewUpdate("t1", "FINISHED"));
        manager.Enqueue(second);
        clock.Advance(TimeSpan.FromSeconds(25));

        var resent = manager.ResendAll();

        Assert.That(resent, Is.EquivalentTo(new[] { first, second }));
        Assert.That(manager.DueForRetry(), Is.Empty, "backoff restarted at resend");
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(manager.DueForRetry(), Has.Count.EqualTo(2));
    }

    [Test]
    public void RemoveForgetsMatchingStreams()
    {
        manager.Enqueue(NewUpdate("fw1/t1", "RUNNING"));
        manager.Enqueue(NewUpdate("fw1/t2", "RUNNING"));
        manager.Enqueue(NewUpdate("fw2/t1", "RUNNING"));

        var removed = manager.Remove(key => key.StartsWith("fw1/", StringComparison.Ordinal));

        Assert.That(removed, Is.EqualTo(2));
        Assert.That(manager.StreamCount, Is.EqualTo(1));
        Assert.That(manager.Stream("fw2/t1"), Is.Not.Null);
    }

    [Test]
    public void CustomRetryPolicyIsHonoured()
    {
        var fast = new StatusUpdateManager<string, Update>(clock, u => u.TaskId, u => u.Uuid, u => u.IsTerminal,
            new StatusUpdateRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
        fast.Enqueue(NewUpdate("t1", "RUNNING"));

        var dueAt = new List<int>();
        for (var second = 1; second <= 12; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            if (fast.DueForRetry().Count > 0)
                dueAt.Add(second);
        }

        Assert.That(dueAt, Is.EqualTo(new[] { 1, 3, 6, 9, 12 }));
    }
}
