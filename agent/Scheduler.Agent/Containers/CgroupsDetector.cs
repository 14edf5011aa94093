namespace Scheduler.Agent.Containers;

/// <summary>Picks the cgroup implementation matching what the host mounts.</summary>
public static class CgroupsDetector
{
    public const string DefaultRoot = "/sys/fs/cgroup";
    public const string DefaultSubtree = "scheduler";

    /// <summary>
    /// v2 when the root is a unified hierarchy (it has <c>cgroup.controllers</c>), v1 when it holds per-controller
    /// hierarchies, null when there are no cgroups. Hybrid hosts (v1 controllers plus an empty
    /// <c>unified</c> mount) are treated as v1, since the controllers live there.
    /// </summary>
    public static ICgroups? Detect(string root = DefaultRoot, string subtree = DefaultSubtree)
    {
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
            return new CgroupsV2(root, subtree);
        if (CgroupsV1.Controllers.Any(controller => File.Exists(Path.Combine(root, controller, "cgroup.procs"))))
            return new CgroupsV1(root, subtree);
        return null;
    }
}
