using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

/// <summary>
/// The Book with thousands of instances: it keeps its own index of what may start, so these tests check that index
/// against a full evaluation of every instance, and that large arrays go out in order, an offer's worth at a time.
/// </summary>
[TestFixture]
public sealed class JobBookScaleTests : JobBookFixture
{
    [Test]
    public void A_large_array_goes_out_in_index_order_as_many_at_a_time_as_the_offer_holds()
    {
        const string yaml = "name: many\ncommand: \"true\"\narray: 10000\ncpus: 0.01\nmem: 16\n";
        var job = Book.Submit(JobSpecParser.Parse(yaml), yaml);

        var first = Book.PlanLaunches([OfferOf("cpus:2;mem:4096")]);
        Assert.That(first.Tasks.Keys, Is.EqualTo(Enumerable.Range(0, 200).Select(index => $"many-1.many.{index}.0")), "cpus 2 hold 200 instances of 0.01");
        Assert.That(first.RefuseFor, Is.EqualTo(TimeSpan.FromSeconds(1)), "instances were left waiting");

        foreach (var taskId in first.Tasks.Keys) Report(taskId, TaskState.TaskFinished);
        var second = Book.PlanLaunches([OfferOf("cpus:2;mem:1600")]);
        Assert.That(second.Tasks.Keys, Is.EqualTo(Enumerable.Range(200, 100).Select(index => $"many-1.many.{index}.0")), "mem 1600 holds 100 of 16");

        var finished = job.Evaluate().Count(status => status.Phase == TaskPhase.Finished);
        Assert.That(finished, Is.EqualTo(200));
        Assert.That(Book.HasPendingWork(), Is.True);
    }

    [Test]
    public void The_instances_offered_and_the_pending_work_agree_with_a_full_evaluation_through_failures_retries_and_kills()
    {
        const string dag = """
            name: dag
            tasks:
              - {name: build, command: b, array: 30, retries: 2, backoff: 2s}
              - {name: test, command: t, array: 20, retries: 1, backoff: 1s, depends_on: build}
              - {name: deploy, command: d, depends_on: test}
            """;
        const string flat = "name: flat\ncommand: f\narray: 40\nretries: 1\nbackoff: 3s\ncpus: 0.5\nmem: 64\n";
        var jobs = new[] { Book.Submit(JobSpecParser.Parse(dag), dag), Book.Submit(JobSpecParser.Parse(flat), flat) };
        var random = new Random(8);
        var active = new List<string>();
        var outcomes = new[] { TaskState.TaskFinished, TaskState.TaskFinished, TaskState.TaskFinished, TaskState.TaskFailed, TaskState.TaskLost, TaskState.TaskDropped };

        for (var step = 0; step < 200; step++)
        {
            AssertAgreesWithEvaluation(jobs, step);
            active.AddRange(Book.PlanLaunches([OfferOf("cpus:3;mem:1024")]).Tasks.Keys);
            for (var i = active.Count - 1; i >= 0; i--)
            {
                if (random.NextDouble() < 0.5) continue;
                Report(active[i], outcomes[random.Next(outcomes.Length)]);
                active.RemoveAt(i);
            }
            if (step == 60) Book.Kill("flat-2");
            Clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        AssertAgreesWithEvaluation(jobs, 200);
        Assert.That(jobs.Select(job => job.Phase(job.Evaluate())), Has.None.EqualTo(JobPhase.Pending), "the run made progress in both jobs");
    }

    private void AssertAgreesWithEvaluation(IReadOnlyList<Job> jobs, int step)
    {
        var now = Clock.GetUtcNow();
        var expected = jobs.Where(job => !job.Killed)
            .SelectMany(job => job.Evaluate()
                .Where(status => status is { Phase: TaskPhase.Pending, DependenciesDone: true } && status.Instance.NotBefore <= now)
                .Select(status => $"{job.Id}.{status.Instance.Key}"))
            .ToList();
        Assert.That(Book.Runnable().Select(entry => $"{entry.Job.Id}.{entry.Instance.Key}").ToList(), Is.EqualTo(expected), $"runnable at step {step}");
        var pending = jobs.Any(job => job.Evaluate().Any(status => status.Phase == TaskPhase.Pending));
        Assert.That(Book.HasPendingWork(), Is.EqualTo(pending), $"pending work at step {step}");
    }

    private void Report(string taskId, TaskState state) =>
        Assert.That(Book.Update(new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state, AgentId = new AgentID { Value = "agent-1" } }), Is.True);
}
