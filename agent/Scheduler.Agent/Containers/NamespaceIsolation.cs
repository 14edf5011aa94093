namespace Scheduler.Agent.Containers;

/// <summary>
/// The Linux namespaces each command container gets of its own, as Mesos's <c>namespaces/pid</c> isolator and
/// <c>filesystem/linux</c> mount isolation give them: with <see cref="Pid"/> the command is PID 1 of a new PID
/// namespace (seeing only its own processes in a private <c>/proc</c>, and taking them all with it when it dies);
/// with <see cref="Mount"/> its mounts stay invisible to the host. A PID namespace always comes with a mount namespace.
/// </summary>
public sealed record NamespaceIsolation(bool Pid, bool Mount)
{
    public const string PidName = "pid";
    public const string MountName = "mount";

    public static readonly NamespaceIsolation None = new(false, false);

    public bool Any => Pid || Mount;

    /// <summary>Parses a comma-separated list such as <c>pid,mount</c>; an empty list isolates nothing.</summary>
    public static NamespaceIsolation Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => n is not (PidName or MountName)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown namespace(s) {string.Join(", ", unknown)}; use {PidName} and/or {MountName}");
        var pid = names.Contains(PidName);
        return new NamespaceIsolation(pid, pid || names.Contains(MountName));
    }

    /// <summary>The <c>unshare</c> command line (util-linux) that the container's command is exec'd through;
    /// empty when nothing is isolated.</summary>
    public string UnsharePrefix() =>
        Pid ? "unshare --pid --fork --mount-proc --kill-child -- "
        : Mount ? "unshare --mount -- "
        : "";

    public override string ToString() =>
        Any ? string.Join(',', new[] { Pid ? PidName : null, Mount ? MountName : null }.OfType<string>()) : "none";
}
