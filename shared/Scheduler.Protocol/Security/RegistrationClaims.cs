namespace Scheduler.Protocol.Security;

/// <summary>
/// What an agent's proof of the cluster secret vouches for: which registration (<see cref="Register"/> or
/// <see cref="Reregister"/>), the agent's cluster address, the HTTP address it announces and its id ("" when new).
/// Binding these stops a captured proof from registering another node or address.
/// </summary>
public sealed record RegistrationClaims(string Kind, string ClusterAddress, string Hostname, int Port, string AgentId)
{
    public const string Register = "register";
    public const string Reregister = "reregister";
}
