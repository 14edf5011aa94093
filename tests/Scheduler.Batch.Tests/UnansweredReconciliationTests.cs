using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

/// <summary>Which attempts a reconciliation must ask about again: those still active and not heard of since it began.</summary>
[TestFixture]
public sealed class UnansweredReconciliationTests : JobBookFixture
{
    [Test]
    public void Attempts_that_got_no_update_since_the_reconciliation_are_asked_about_again()
    {
        const string yaml = "name: four\ncommand: 'true'\narray: 4\ncpus: 0.1\nmem: 16\n";
        Book.Submit(JobSpecParser.Parse(yaml), yaml);
        var offer = OfferOf("cpus:1;mem:1024");
        var ids = Book.PlanLaunches([offer]).Tasks.Keys.Order(StringComparer.Ordinal).ToList();
        Book.Update(Status(ids[0], TaskState.TaskRunning));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var asked = Book.ActiveAttempts();
        var since = Book.Now;
        Clock.Advance(TimeSpan.FromSeconds(1));
        Book.Update(Status(ids[1], TaskState.TaskRunning));
        Book.Update(Status(ids[2], TaskState.TaskFinished));

        Assert.That(Book.Unanswered(asked, since).Select(kill => (kill.TaskId, kill.AgentId)),
            Is.EquivalentTo(new[] { (ids[0], "agent-1"), (ids[3], "agent-1") }),
            "the first was heard of only before; the last never; the second answered; the third ended");
    }

    private static TaskStatus Status(string taskId, TaskState state) =>
        new() { TaskId = new TaskID { Value = taskId }, State = state, AgentId = new AgentID { Value = "agent-1" } };
}
