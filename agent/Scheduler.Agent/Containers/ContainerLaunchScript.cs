namespace Scheduler.Agent.Containers;

/// <summary>
/// The <c>/bin/sh -c</c> wrapper that turns a fresh process into the task: it sends its output to the sandbox
/// files, joins the container's cgroups, enters the sandbox, drops privileges if asked, and only then
/// execs the task's command, so the command never runs outside its limits.
/// </summary>
public static class ContainerLaunchScript
{
    /// <summary>Exit status of the wrapper itself when it cannot set the container up.</summary>
    public const int SetupFailedExitCode = 125;

    public static string Build(ContainerLaunchSpec spec, IReadOnlyList<string> cgroupProcessFiles, NamespaceIsolation? namespaces = null)
    {
        var sandbox = Path.GetFullPath(spec.SandboxDirectory);
        var lines = new List<string>
        {
            // Appended: the fetcher has already written a line per URI to stderr.
            $"exec </dev/null >>{Q(Path.Combine(sandbox, "stdout"))} 2>>{Q(Path.Combine(sandbox, "stderr"))} || exit {SetupFailedExitCode}",
        };
        foreach (var file in cgroupProcessFiles)
            lines.Add($"echo $$ >{Q(file)} || {{ echo {Q("Failed to join cgroup " + file)} >&2; exit {SetupFailedExitCode}; }}");
        // The agent's own user needs no switch: it already owns the sandbox, and sparing chown, id and setpriv
        // is a third of a small task's launch.
        var user = spec.User == Environment.UserName ? null : spec.User;
        if (user is not null)
            lines.Add($"chown -R -- {Q(user + ":")} {Q(sandbox)} || exit {SetupFailedExitCode}");
        lines.Add($"cd {Q(sandbox)} || exit {SetupFailedExitCode}");
        // unshare needs the agent's privileges, so it comes before the user switch.
        lines.Add("exec " + (namespaces ?? NamespaceIsolation.None).UnsharePrefix() + UserSwitch(user) + Command(spec));
        return string.Join('\n', lines) + "\n";
    }

    private static string UserSwitch(string? user) =>
        user is null
            ? ""
            : $"setpriv --reuid={Q(user)} --regid=\"$(id -g {Q(user)})\" --init-groups -- ";

    private static string Command(ContainerLaunchSpec spec) =>
        spec.Shell is { } shell
            ? "/bin/sh -c " + Q(shell)
            : string.Join(' ', new[] { spec.Executable! }.Concat(spec.Arguments).Select(Q));

    private static string Q(string value) => ShellQuoting.Quote(value);
}
