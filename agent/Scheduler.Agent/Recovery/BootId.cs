namespace Scheduler.Agent.Recovery;

/// <summary>The kernel's boot id, which changes on every boot: a changed one means the host rebooted.</summary>
public static class BootId
{
    public const string Path = "/proc/sys/kernel/random/boot_id";

    public static string Current() => File.Exists(Path) ? File.ReadAllText(Path).Trim() : "";
}
