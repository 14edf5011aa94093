using Scheduler.Master.Maintenance;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Maintenance;

namespace Scheduler.Master.Tests.Maintenance;

[TestFixture]
public sealed class MaintenanceBookTests
{
    [Test]
    public void A_scheduled_machine_drains_goes_down_and_comes_up_off_the_schedule()
    {
        var book = new MaintenanceBook();

        Assert.That(book.Update(Schedule(Window(60, Machine("node-1", "10.0.0.1"), Machine("node-2")))), Is.Null);
        var draining = book.Status();
        Assert.That(book.Start([Machine("node-1", "10.0.0.1")]), Is.Null);
        var down = book.Status();
        Assert.That(book.Stop([Machine("node-1", "10.0.0.1")]), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(draining.DrainingMachines.Select(m => m.Id.Hostname), Is.EquivalentTo(new[] { "node-1", "node-2" }));
            Assert.That(down.DownMachines.Single().Hostname, Is.EqualTo("node-1"));
            Assert.That(down.DrainingMachines.Single().Id.Hostname, Is.EqualTo("node-2"));
            Assert.That(book.Status().DownMachines, Is.Empty);
            Assert.That(book.Schedule.Windows.Single().MachineIds.Single().Hostname, Is.EqualTo("node-2"));
        });
    }

    [Test]
    public void Agents_are_matched_to_machines_by_hostname_in_any_case_or_by_address()
    {
        var book = new MaintenanceBook();
        book.Update(Schedule(Window(60, Machine("Node-1")), Window(120, Machine(ip: "10.0.0.7"))));

        Assert.Multiple(() =>
        {
            Assert.That(book.UnavailabilityOf("node-1")!.Duration.Nanoseconds, Is.EqualTo(60_000_000_000));
            Assert.That(book.UnavailabilityOf("10.0.0.7")!.Duration.Nanoseconds, Is.EqualTo(120_000_000_000));
            Assert.That(book.UnavailabilityOf("node-3"), Is.Null);
        });
    }

    [Test]
    public void A_machine_down_has_no_unavailability_and_keeps_its_agents_out()
    {
        var book = new MaintenanceBook();
        book.Update(Schedule(Window(60, Machine("node-1"))));

        book.Start([Machine("node-1")]);

        Assert.Multiple(() =>
        {
            Assert.That(book.IsDown("node-1"), Is.True);
            Assert.That(book.UnavailabilityOf("node-1"), Is.Null);
            Assert.That(book.IsDown("node-2"), Is.False);
        });
    }

    [Test]
    public void Invalid_schedules_and_transitions_are_refused_with_mesos_reasons_and_change_nothing()
    {
        var book = new MaintenanceBook();
        book.Update(Schedule(Window(60, Machine("node-1"))));
        book.Start([Machine("node-1")]);

        Assert.Multiple(() =>
        {
            Assert.That(book.Update(Schedule(new Window { Unavailability = Unavailable(60) })), Is.EqualTo("List of machines in the maintenance window is empty"));
            Assert.That(book.Update(Schedule(Window(-1, Machine("node-1")))), Is.EqualTo("Unavailability 'duration' is negative"));
            Assert.That(book.Update(Schedule(Window(60, new MachineID()))), Is.EqualTo("Both 'hostname' and 'ip' for a machine are empty"));
            Assert.That(book.Update(Schedule(Window(60, Machine(ip: "not-an-ip")))), Is.EqualTo("Failed to parse IP 'not-an-ip'"));
            Assert.That(book.Update(Schedule(Window(60, Machine("node-1"), Machine("NODE-1")))),
                Is.EqualTo("""Machine '{"hostname":"node-1"}' appears more than once in the schedule"""));
            Assert.That(book.Update(Schedule(Window(60, Machine("node-2")))),
                Is.EqualTo("""Machine '{"hostname":"node-1"}' is deactivated and cannot be removed from the schedule"""));
            Assert.That(book.Start([]), Is.EqualTo("List of machines is empty"));
            Assert.That(book.Start([Machine("node-9")]), Is.EqualTo("""Machine '{"hostname":"node-9"}' is not part of a maintenance schedule"""));
            Assert.That(book.Start([Machine("node-1")]), Is.EqualTo("""Machine '{"hostname":"node-1"}' is not in DRAINING mode and cannot be brought down"""));
            Assert.That(book.IsDown("node-1"), Is.True);
        });
        book.Update(Schedule(Window(60, Machine("node-1"), Machine("node-2"))));
        Assert.That(book.Stop([Machine("node-2")]), Is.EqualTo("""Machine '{"hostname":"node-2"}' is not in DOWN mode and cannot be brought up"""));
    }

    [Test]
    public void The_saved_state_brings_back_the_schedule_and_the_machines_down()
    {
        var book = new MaintenanceBook();
        book.Update(Schedule(Window(60, Machine("node-1"), Machine("node-2"))));
        book.Start([Machine("node-2")]);

        var restored = MaintenanceBook.From(book.ToEvent());

        Assert.Multiple(() =>
        {
            Assert.That(restored.Schedule, Is.EqualTo(book.Schedule));
            Assert.That(restored.IsDown("node-2"), Is.True);
            Assert.That(restored.IsDown("node-1"), Is.False);
        });
    }

    private static Schedule Schedule(params Window[] windows)
    {
        var schedule = new Schedule();
        schedule.Windows.AddRange(windows);
        return schedule;
    }

    private static Window Window(long seconds, params MachineID[] machines)
    {
        var window = new Window { Unavailability = Unavailable(seconds) };
        window.MachineIds.AddRange(machines);
        return window;
    }

    private static Unavailability Unavailable(long seconds) => new()
    {
        Start = new TimeInfo { Nanoseconds = 1_700_000_000_000_000_000 },
        Duration = new DurationInfo { Nanoseconds = seconds * 1_000_000_000 },
    };

    private static MachineID Machine(string? hostname = null, string? ip = null)
    {
        var id = new MachineID();
        if (hostname is not null) id.Hostname = hostname;
        if (ip is not null) id.Ip = ip;
        return id;
    }
}
