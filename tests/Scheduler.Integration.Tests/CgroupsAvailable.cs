namespace Scheduler.Integration.Tests;

/// <summary>Whether this machine lets tests make cgroups: root and a mounted cgroup hierarchy.</summary>
public static class CgroupsAvailable
{
    public static bool Check(out string why)
    {
        if (Environment.UserName != "root")
        {
            why = "needs root to create cgroups; run the tests as root (CI does)";
            return false;
        }
        if (!File.Exists("/sys/fs/cgroup/cgroup.controllers") && !Directory.Exists("/sys/fs/cgroup/memory"))
        {
            why = "no cgroup v1 memory hierarchy or cgroup v2 mount under /sys/fs/cgroup";
            return false;
        }
        why = "";
        return true;
    }
}
