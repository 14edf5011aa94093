using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

/// <summary>Which attempts a reconciliation must ask about again: those still active and not heard of since it began.</summary>
[TestFixture]
public sealed class UnansweredReconciliationTests
{
    private string directory = null!;
    private SqliteJobStore store = null!;
    private ManualClock clock = null!;
    private JobBook book = null!;

    [SetUp]
    public void SetUp()
    {
        directory = Directory.CreateTempSubdirectory("batch-reconcile-").FullName;
        store = new SqliteJobStore(Path.Combine(directory, "batch.db"));
        clock = new ManualClock();
        book = new JobBook(store, clock);
    }

    [TearDown]
    public void TearDown()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void Attempts_that_got_no_update_since_the_reconciliation_are_asked_about_again()
    {
        const string yaml = "name: four\ncommand: 'true'\narray: 4\ncpus: 0.1\nmem: 16\n";
        book.Submit(JobSpecParser.Parse(yaml), yaml);
        var offer = new Offer
        {
            Id = new OfferID { Value = "offer" }, AgentId = new AgentID { Value = "agent-1" },
            FrameworkId = new FrameworkID { Value = "fw" }, Hostname = "host",
        };
        offer.Resources.AddRange(ResourceSet.Parse("cpus:1;mem:1024").ToProto());
        var ids = book.PlanLaunches([offer]).Tasks.Keys.Order(StringComparer.Ordinal).ToList();
        book.Update(Status(ids[0], TaskState.TaskRunning));
        clock.Advance(TimeSpan.FromSeconds(1));

        var asked = book.ActiveAttempts();
        var since = book.Now;
        clock.Advance(TimeSpan.FromSeconds(1));
        book.Update(Status(ids[1], TaskState.TaskRunning));
        book.Update(Status(ids[2], TaskState.TaskFinished));

        Assert.That(book.Unanswered(asked, since).Select(kill => (kill.TaskId, kill.AgentId)),
            Is.EquivalentTo(new[] { (ids[0], "agent-1"), (ids[3], "agent-1") }),
            "the first was heard of only before; the last never; the second answered; the third ended");
    }

    private static TaskStatus Status(string taskId, TaskState state) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, AgentId = new AgentID { Value = "agent-1" } };
}
