using System.Net;
using System.Net.Sockets;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Maintenance;

namespace Scheduler.Master.Maintenance;

/// <summary>
/// The cluster's maintenance as Mesos keeps it: a schedule of windows, each a set of machines and when they are
/// expected to be unavailable. A scheduled machine is DRAINING until an operator brings it DOWN, and UP again when
/// the operator stops its maintenance, which also takes it off the schedule. Validation follows Mesos's.
/// </summary>
public sealed class MaintenanceBook
{
    private Schedule _schedule = new();
    private readonly HashSet<MachineKey> _down = new();

    public Schedule Schedule => _schedule.Clone();

    public static MaintenanceBook From(MaintenanceUpdated? saved)
    {
        var book = new MaintenanceBook();
        if (saved is null) return book;
        book._schedule = saved.Schedule?.Clone() ?? new Schedule();
        foreach (var machine in saved.DownMachines) book._down.Add(MachineKey.Of(machine));
        return book;
    }

    /// <summary>Replaces the schedule, or says why it cannot: a machine DOWN must stay on it.</summary>
    public string? Update(Schedule schedule)
    {
        var scheduled = new HashSet<MachineKey>();
        foreach (var window in schedule.Windows)
        {
            if (window.MachineIds.Count == 0) return "List of machines in the maintenance window is empty";
            if (window.Unavailability?.Duration?.Nanoseconds < 0) return "Unavailability 'duration' is negative";
            foreach (var id in window.MachineIds)
            {
                if (Invalid(id) is { } invalid) return invalid;
                if (!scheduled.Add(MachineKey.Of(id))) return $"Machine '{MachineKey.Of(id)}' appears more than once in the schedule";
            }
        }
        if (_down.FirstOrDefault(machine => !scheduled.Contains(machine)) is { } removed)
            return $"Machine '{removed}' is deactivated and cannot be removed from the schedule";
        _schedule = schedule.Clone();
        return null;
    }

    /// <summary>Brings scheduled machines DOWN, all or none.</summary>
    public string? Start(IReadOnlyCollection<MachineID> machines)
    {
        if (ValidList(machines) is { } invalid) return invalid;
        foreach (var machine in machines.Select(MachineKey.Of))
        {
            if (!Scheduled().Contains(machine)) return $"Machine '{machine}' is not part of a maintenance schedule";
            if (_down.Contains(machine)) return $"Machine '{machine}' is not in DRAINING mode and cannot be brought down";
        }
        foreach (var machine in machines) _down.Add(MachineKey.Of(machine));
        return null;
    }

    /// <summary>Brings DOWN machines UP, all or none, and takes them off the schedule; windows left empty go too.</summary>
    public string? Stop(IReadOnlyCollection<MachineID> machines)
    {
        if (ValidList(machines) is { } invalid) return invalid;
        var keys = machines.Select(MachineKey.Of).ToHashSet();
        foreach (var machine in keys)
        {
            if (!Scheduled().Contains(machine)) return $"Machine '{machine}' is not part of a maintenance schedule";
            if (!_down.Contains(machine)) return $"Machine '{machine}' is not in DOWN mode and cannot be brought up";
        }
        foreach (var window in _schedule.Windows)
            foreach (var id in window.MachineIds.Where(id => keys.Contains(MachineKey.Of(id))).ToList())
                window.MachineIds.Remove(id);
        foreach (var empty in _schedule.Windows.Where(w => w.MachineIds.Count == 0).ToList()) _schedule.Windows.Remove(empty);
        _down.ExceptWith(keys);
        return null;
    }

    public bool IsDown(string agentHostname) => _down.Any(machine => machine.Hosts(agentHostname));

    /// <summary>When the agent's machine is expected to be unavailable, if it is scheduled and not yet DOWN.</summary>
    public Unavailability? UnavailabilityOf(string agentHostname)
    {
        if (IsDown(agentHostname)) return null;
        return _schedule.Windows.FirstOrDefault(w => w.MachineIds.Any(id => MachineKey.Of(id).Hosts(agentHostname)))?.Unavailability;
    }

    public ClusterStatus Status()
    {
        var status = new ClusterStatus();
        foreach (var machine in Scheduled().Where(m => !_down.Contains(m)))
            status.DrainingMachines.Add(new ClusterStatus.Types.DrainingMachine { Id = machine.ToProto() });
        status.DownMachines.AddRange(_down.Select(machine => machine.ToProto()));
        return status;
    }

    public MaintenanceUpdated ToEvent()
    {
        var saved = new MaintenanceUpdated { Schedule = _schedule.Clone() };
        saved.DownMachines.AddRange(_down.Select(machine => machine.ToProto()));
        return saved;
    }

    private HashSet<MachineKey> Scheduled() => _schedule.Windows.SelectMany(w => w.MachineIds).Select(MachineKey.Of).ToHashSet();

    private static string? ValidList(IReadOnlyCollection<MachineID> machines)
    {
        if (machines.Count == 0) return "List of machines is empty";
        var unique = new HashSet<MachineKey>();
        foreach (var id in machines)
        {
            if (Invalid(id) is { } invalid) return invalid;
            if (!unique.Add(MachineKey.Of(id))) return $"Machine '{MachineKey.Of(id)}' appears more than once in the schedule";
        }
        return null;
    }

    private static string? Invalid(MachineID id)
    {
        if (string.IsNullOrEmpty(id.Hostname) && string.IsNullOrEmpty(id.Ip)) return "Both 'hostname' and 'ip' for a machine are empty";
        if (!string.IsNullOrEmpty(id.Ip) && !(IPAddress.TryParse(id.Ip, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork))
            return $"Failed to parse IP '{id.Ip}'";
        return null;
    }
}
