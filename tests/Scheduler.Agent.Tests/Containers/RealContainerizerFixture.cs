using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Tests.Containers;

/// <summary>
/// A real cgroups containerizer on this host and a scratch work directory for each test; every container still
/// running afterwards is killed. Tests are ignored, saying why, without root or cgroups (or a tool they name).
/// </summary>
public abstract class RealContainerizerFixture(string workDirectoryPrefix)
{
    protected ICgroups Cgroups { get; private set; } = null!;
    protected CgroupContainerizer Containerizer { get; private set; } = null!;
    protected string WorkDirectory { get; private set; } = null!;

    /// <summary>A program besides cgroups the tests need, checked before each test.</summary>
    protected virtual string? RequiredTool => null;

    protected virtual CgroupContainerizer CreateContainerizer(ICgroups cgroups) => new(cgroups);

    [SetUp]
    public void StartContainerizer()
    {
        string? missing = null;
        if (Environment.UserName != "root") missing = "root to create cgroups; running as " + Environment.UserName;
        else if (CgroupsDetector.Detect() is not { } detected) missing = $"cgroups mounted at {CgroupsDetector.DefaultRoot}";
        else if (RequiredTool is { } tool && !File.Exists(tool)) missing = tool;
        else Cgroups = detected;
        if (missing is not null)
        {
            var reason = $"{GetType().Name} needs {missing}";
            TestContext.Progress.WriteLine(reason);
            Assert.Ignore(reason);
        }

        Containerizer = CreateContainerizer(Cgroups);
        WorkDirectory = Directory.CreateTempSubdirectory(workDirectoryPrefix).FullName;
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (Containerizer is null) return;
        foreach (var container in Containerizer.Running)
            await container.KillAsync(TimeSpan.Zero);
        if (Directory.Exists(WorkDirectory))
            Directory.Delete(WorkDirectory, recursive: true);
    }

    /// <summary>A shell command with the test's name as task id and a fresh container id.</summary>
    protected ContainerLaunchSpec ShellSpec(string command, double memoryMegabytes = 64, double cpus = 0.5) => new()
    {
        ContainerId = "test-" + Guid.NewGuid().ToString("N"),
        FrameworkId = "framework-1",
        TaskId = "task-" + TestContext.CurrentContext.Test.MethodName,
        Shell = command,
        SandboxDirectory = Path.Combine(WorkDirectory, "sandbox"),
        Cpus = cpus,
        MemoryMegabytes = memoryMegabytes,
    };

    protected static async Task<ContainerTermination> WaitForTermination(IRunningContainer container)
    {
        var finished = await Task.WhenAny(container.Termination, Task.Delay(TimeSpan.FromSeconds(15)));
        Assert.That(finished, Is.SameAs(container.Termination), "container did not terminate in time");
        return await container.Termination;
    }
}
