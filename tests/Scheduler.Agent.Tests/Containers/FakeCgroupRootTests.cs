namespace Scheduler.Agent.Tests.Containers;

/// <summary>A throwaway directory standing in for a cgroup mount.</summary>
public abstract class FakeCgroupRootTests
{
    protected string Root { get; private set; } = null!;

    [SetUp]
    public void CreateRoot() => Root = Directory.CreateTempSubdirectory("fake-cgroups-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(Root, recursive: true);

    protected string Touch(string relativePath, string content = "")
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    protected string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
