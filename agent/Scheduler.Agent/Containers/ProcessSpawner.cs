using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Scheduler.Agent.Containers;

/// <summary>
/// Starts a process with posix_spawn rather than System.Diagnostics.Process, because the runtime folds a
/// signal death into exit code 128+n and a task's "exit 137" must stay distinguishable from a SIGKILL.
/// The child gets its own session (and so process group), default signal dispositions and an empty mask.
/// </summary>
internal static class ProcessSpawner
{
    // Signals the runtime ignores or handles that a task must see with their default behaviour.
    private static readonly int[] SignalsToReset = [1, 2, 3, 13, 15, 17, 18, 20, 21, 22];

    public static int Spawn(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var allocations = new List<IntPtr>();
        var attributes = Marshal.AllocHGlobal(NativeMethods.SpawnAttributesSize);
        var signals = Marshal.AllocHGlobal(NativeMethods.SignalSetSize);
        try
        {
            var pathPointer = Utf8(path, allocations);
            var argv = NullTerminatedArray(arguments, allocations);
            var envp = NullTerminatedArray(environment.Select(pair => pair.Key + "=" + pair.Value).ToList(), allocations);

            Check(NativeMethods.SpawnAttributesInit(attributes), "posix_spawnattr_init");
            try
            {
                Check(NativeMethods.SignalSetEmpty(signals), "sigemptyset");
                Check(NativeMethods.SpawnAttributesSetSignalMask(attributes, signals), "posix_spawnattr_setsigmask");
                foreach (var signal in SignalsToReset)
                    Check(NativeMethods.SignalSetAdd(signals, signal), "sigaddset");
                Check(NativeMethods.SpawnAttributesSetSignalDefaults(attributes, signals), "posix_spawnattr_setsigdefault");
                Check(NativeMethods.SpawnAttributesSetFlags(attributes,
                        NativeMethods.SpawnSetSignalDefaults | NativeMethods.SpawnSetSignalMask | NativeMethods.SpawnSetSid),
                    "posix_spawnattr_setflags");
                Check(NativeMethods.PosixSpawn(out var pid, pathPointer, IntPtr.Zero, attributes, argv, envp), "posix_spawn");
                return pid;
            }
            finally
            {
                NativeMethods.SpawnAttributesDestroy(attributes);
            }
        }
        finally
        {
            foreach (var allocation in allocations)
                Marshal.FreeHGlobal(allocation);
            Marshal.FreeHGlobal(signals);
            Marshal.FreeHGlobal(attributes);
        }
    }

    /// <summary>Blocks until the child exits and reaps it. Run it on a dedicated thread.</summary>
    public static WaitStatus WaitForExit(int pid)
    {
        while (true)
        {
            if (NativeMethods.WaitPid(pid, out var status, 0) == pid)
                return WaitStatus.From(status);
            var error = Marshal.GetLastPInvokeError();
            if (error != NativeMethods.ErrorInterrupted)
                throw new Win32Exception(error, $"waitpid({pid}) failed");
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new Win32Exception(result, $"{call} failed");
    }

    private static IntPtr Utf8(string value, List<IntPtr> allocations)
    {
        var bytes = Encoding.UTF8.GetBytes(value + "\0");
        var pointer = Marshal.AllocHGlobal(bytes.Length);
        allocations.Add(pointer);
        Marshal.Copy(bytes, 0, pointer, bytes.Length);
        return pointer;
    }

    private static IntPtr NullTerminatedArray(IReadOnlyList<string> values, List<IntPtr> allocations)
    {
        var array = Marshal.AllocHGlobal(IntPtr.Size * (values.Count + 1));
        allocations.Add(array);
        for (var i = 0; i < values.Count; i++)
            Marshal.WriteIntPtr(array, i * IntPtr.Size, Utf8(values[i], allocations));
        Marshal.WriteIntPtr(array, values.Count * IntPtr.Size, IntPtr.Zero);
        return array;
    }
}
