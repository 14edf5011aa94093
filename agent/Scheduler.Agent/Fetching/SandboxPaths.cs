namespace Scheduler.Agent.Fetching;

/// <summary>Turns names from a URI's <c>output_file</c> or an archive's entries into paths that stay inside the sandbox.</summary>
public static class SandboxPaths
{
    /// <summary>The path of <paramref name="relative"/> inside <paramref name="sandbox"/>; <paramref name="what"/> names
    /// the name's origin in the error.</summary>
    /// <exception cref="InvalidDataException">The name is absolute, empty or climbs out with <c>..</c>.</exception>
    public static string Resolve(string sandbox, string relative, string what, bool mayBeSandbox = false)
    {
        if (string.IsNullOrEmpty(relative) || relative.Contains('\0'))
            throw new InvalidDataException($"{what} '{relative}' is not a file name");
        if (Path.IsPathRooted(relative))
            throw new InvalidDataException($"{what} '{relative}' is an absolute path; it must stay inside the sandbox");
        if (relative.Split('/').Contains(".."))
            throw new InvalidDataException($"{what} '{relative}' would leave the sandbox");
        var root = Path.GetFullPath(sandbox).TrimEnd('/');
        var full = Path.GetFullPath(Path.Combine(root, relative)).TrimEnd('/');
        if (full == root ? !mayBeSandbox : !full.StartsWith(root + "/", StringComparison.Ordinal))
            throw new InvalidDataException($"{what} '{relative}' does not name a file inside the sandbox");
        return full;
    }

    /// <summary>Whether a symbolic link with this target, created inside the sandbox, can only point further inside it.</summary>
    public static bool IsContainedLinkTarget(string target) =>
        target.Length > 0 && !Path.IsPathRooted(target) && !target.Split('/').Contains("..");
}
