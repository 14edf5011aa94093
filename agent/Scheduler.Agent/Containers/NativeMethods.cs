using System.Runtime.InteropServices;

namespace Scheduler.Agent.Containers;

/// <summary>The few libc calls the containerizer needs: spawning without the runtime's process bookkeeping,
/// waiting for a child's raw wait status, and sending signals.</summary>
internal static class NativeMethods
{
    public const int SignalKill = 9;
    public const int SignalTerm = 15;
    public const int ErrorInterrupted = 4;
    public const int ErrorNoSuchProcess = 3;
    public const int ErrorNoChild = 10;

    public const short SpawnSetSignalDefaults = 0x04;
    public const short SpawnSetSignalMask = 0x08;
    public const short SpawnSetSid = 0x80;

    // Generous upper bounds of glibc's and musl's opaque structure sizes.
    public const int SpawnAttributesSize = 1024;
    public const int SignalSetSize = 128;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static extern int WaitPid(int pid, out int status, int options);

    [DllImport("libc", EntryPoint = "posix_spawn")]
    public static extern int PosixSpawn(out int pid, IntPtr path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static extern int SpawnAttributesInit(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static extern int SpawnAttributesDestroy(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static extern int SpawnAttributesSetFlags(IntPtr attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static extern int SpawnAttributesSetSignalDefaults(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int SpawnAttributesSetSignalMask(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "sigemptyset")]
    public static extern int SignalSetEmpty(IntPtr signals);

    [DllImport("libc", EntryPoint = "sigaddset")]
    public static extern int SignalSetAdd(IntPtr signals, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    public static extern uint GetEffectiveUserId();
}
