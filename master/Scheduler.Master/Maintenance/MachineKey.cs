using Scheduler.Protocol.V1;

namespace Scheduler.Master.Maintenance;

/// <summary>A machine as maintenance names it: its hostname (in lower case, as Mesos compares them) and IP, either may be empty.</summary>
public sealed record MachineKey(string Hostname, string Ip)
{
    public static MachineKey Of(MachineID id) => new(id.Hostname.ToLowerInvariant(), id.Ip);

    public MachineID ToProto()
    {
        var id = new MachineID();
        if (Hostname.Length > 0) id.Hostname = Hostname;
        if (Ip.Length > 0) id.Ip = Ip;
        return id;
    }

    /// <summary>
    /// Whether an agent advertising <paramref name="agentHostname"/> runs on this machine: the hostname, where given,
    /// must be the agent's, and so must the IP, where given (agents here advertise an address or a name).
    /// </summary>
    public bool Hosts(string agentHostname) =>
        (Hostname.Length == 0 || Hostname == agentHostname.ToLowerInvariant()) && (Ip.Length == 0 || Ip == agentHostname);

    public override string ToString() => Protocol.Json.MesosJson.Format(ToProto());
}
