using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Maintenance;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Mesos's maintenance primitives in the master (the intent of MasterMaintenanceTest).</summary>
[TestFixture]
public sealed class MasterCoreMaintenanceTests
{
    private const string AgentResources = "cpus:2;mem:1024";

    [Test]
    public void Scheduling_a_machine_rescinds_its_offers_and_offers_it_again_with_its_unavailability()
    {
        var master = new MasterUnderTest();
        master.AddAgent(AgentResources, "node-1");
        var framework = master.Subscribe("batch");
        var before = master.SingleOfferTo(framework);

        var (error, effects) = master.Core.UpdateMaintenanceSchedule(Schedule("node-1", seconds: 3600));
        var after = master.SingleOfferTo(framework);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(before.Unavailability, Is.Null);
            Assert.That(effects.EventsTo(framework.Id).Single().Rescind.OfferId, Is.EqualTo(before.Id));
            Assert.That(effects.Persisted<MaintenanceUpdated>().Single().Schedule.Windows, Has.Count.EqualTo(1));
            Assert.That(after.Unavailability.Duration.Nanoseconds, Is.EqualTo(3_600_000_000_000));
        });
    }

    [Test]
    public void Bringing_a_machine_down_shuts_its_agent_down_and_its_tasks_are_lost()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent(AgentResources, "node-1");
        var framework = master.Subscribe("batch");
        master.Launch(framework, "web-1", "cpus:1;mem:128");
        master.Core.UpdateMaintenanceSchedule(Schedule("node-1", seconds: 3600));

        var (error, effects) = master.Core.StartMaintenance([new MachineID { Hostname = "node-1" }]);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(effects.MessagesTo<ShutdownAgent>(agentId).Single().Message, Is.EqualTo("Operator initiated 'Machine DOWN'"));
            Assert.That(effects.UpdatesTo(framework.Id).Single().State, Is.EqualTo(TaskState.TaskLost));
            Assert.That(master.Core.Agents, Is.Empty);
            Assert.That(master.Core.IsOnMachineDown("node-1"), Is.True);
            Assert.That(master.Core.MaintenanceStatus().DownMachines.Single().Hostname, Is.EqualTo("node-1"));
        });

        Assert.That(master.Core.StopMaintenance([new MachineID { Hostname = "node-1" }]).Error, Is.Null);
        Assert.That(master.Core.IsOnMachineDown("node-1"), Is.False);
        Assert.That(master.Core.MaintenanceSchedule.Windows, Is.Empty);
    }

    private static Schedule Schedule(string hostname, long seconds)
    {
        var window = new Window
        {
            Unavailability = new Unavailability
            {
                Start = new TimeInfo { Nanoseconds = 1_700_000_000_000_000_000 },
                Duration = new DurationInfo { Nanoseconds = seconds * 1_000_000_000 },
            },
        };
        window.MachineIds.Add(new MachineID { Hostname = hostname });
        var schedule = new Schedule();
        schedule.Windows.Add(window);
        return schedule;
    }
}
