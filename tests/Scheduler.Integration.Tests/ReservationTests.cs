using System.Text.Json.Nodes;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Operation = Scheduler.Protocol.V1.Offer.Types.Operation;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A framework over real HTTP reserves part of an offer and launches a task on the reservation in the same ACCEPT,
/// then unreserves it from a later offer, in the intent of Mesos's ReservationTest.ReserveAndLaunchThenUnreserve.
/// </summary>
[TestFixture]
public sealed class ReservationTests : ClusterFixture
{
    [Test]
    public async Task A_reservation_runs_a_task_shows_in_the_state_is_checkpointed_by_the_agent_and_can_be_released()
    {
        var scheduler = new ReservingScheduler();
        var framework = new FrameworkInfo { Name = "reserving", User = "root", Role = "web", Principal = "integration" };
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = Cluster.MasterUri, FrameworkInfo = framework });
        await driver.StartAsync();

        var status = await scheduler.Terminal.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(status.State, Is.EqualTo(TaskState.TaskFinished), status.Message);

        var reserved = (await Cluster.StateAsync())["slaves"]!.AsArray().Single()!["reserved_resources_full"]!["web"]!.AsArray();
        Assert.That(reserved.Select(r => r!["name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "cpus", "mem" }));
        var reservation = reserved[0]!["reservations"]!.AsArray().Single()!;
        Assert.That(reservation["type"]!.GetValue<string>(), Is.EqualTo("DYNAMIC"));
        Assert.That(reservation["principal"]!.GetValue<string>(), Is.EqualTo("integration"));
        Assert.That(File.Exists(Path.Combine(Cluster.AgentWorkDirectory, "meta", "resources.info")), Is.True, "the agent keeps its reservations");

        await scheduler.Unreserved.WaitAsync(TimeSpan.FromSeconds(30));
        await PollAsync(async () => (await Cluster.StateAsync())["slaves"]!.AsArray().Single()!["reserved_resources_full"]!.AsObject().Count == 0,
            "the reservation is released");
        await driver.TeardownAsync();
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Reserves and launches on the first offer; once the task is done, unreserves what a later offer holds reserved.</summary>
    private sealed class ReservingScheduler : IScheduler
    {
        private readonly TaskCompletionSource<TaskStatus> _terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _unreserved = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _launched;

        public Task<TaskStatus> Terminal => _terminal.Task;
        public Task Unreserved => _unreserved.Task;

        public Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId) => Task.CompletedTask;

        public async Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers)
        {
            foreach (var offer in offers)
            {
                var offered = ResourceSet.FromProto(offer.Resources);
                if (!_launched)
                {
                    _launched = true;
                    var reserved = ResourceSet.Of(ResourceSet.Parse("cpus:0.5;mem:64")
                        .Select(r => r.WithDynamicReservation("web", new DynamicReservation("integration")).WithAllocation("web")));
                    var task = new TaskInfo
                    {
                        Name = "on-reservation", TaskId = new TaskID { Value = "on-reservation" }, AgentId = offer.AgentId,
                        Command = new CommandInfo { Shell = true, Value = "true" },
                    };
                    task.Resources.AddRange(reserved.ToProto());
                    await driver.AcceptAsync([offer.Id],
                    [
                        new Operation { Type = Operation.Types.Type.Reserve, Reserve = new Operation.Types.Reserve { Resources = { reserved.ToProto() } } },
                        new Operation { Type = Operation.Types.Type.Launch, Launch = new Operation.Types.Launch { TaskInfos = { task } } },
                    ]);
                }
                else if (Terminal.IsCompleted && !offered.Reserved("web").IsEmpty)
                {
                    await driver.AcceptAsync([offer.Id],
                    [
                        new Operation { Type = Operation.Types.Type.Unreserve, Unreserve = new Operation.Types.Unreserve { Resources = { offered.Reserved("web").ToProto() } } },
                    ]);
                    _unreserved.TrySetResult();
                }
                else
                {
                    await driver.DeclineAsync([offer.Id], new Filters { RefuseSeconds = 0.1 });
                }
            }
        }

        public Task StatusUpdate(ISchedulerDriver driver, TaskStatus status)
        {
            if (status.State is TaskState.TaskFinished or TaskState.TaskFailed or TaskState.TaskError or TaskState.TaskDropped)
                _terminal.TrySetResult(status);
            return Task.CompletedTask;
        }

        public Task Error(ISchedulerDriver driver, string message)
        {
            _terminal.TrySetException(new InvalidOperationException(message));
            return Task.CompletedTask;
        }
    }
}
