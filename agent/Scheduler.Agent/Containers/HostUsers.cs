using System.Runtime.InteropServices;

namespace Scheduler.Agent.Containers;

/// <summary>The users this host knows, as the C library resolves them (<c>/etc/passwd</c> or any other NSS source).</summary>
internal static class HostUsers
{
    public static bool Exists(string user) => GetPasswordEntry(user) != IntPtr.Zero;

    [DllImport("libc", EntryPoint = "getpwnam")]
    private static extern IntPtr GetPasswordEntry([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
