using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Testing;

namespace Scheduler.Agent.Tests;

/// <summary>
/// An agent actor with real containers and a probe as its master: starting (and crashing) the agent,
/// launching tasks, and the status update stream with its acknowledgements.
/// </summary>
public abstract class AgentActorFixture(string systemName) : ActorTestBase(AgentConfig, systemName)
{
    protected const string AgentId = "agent-1";
    protected const string FrameworkId = "framework-1";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Config AgentConfig = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ProtocolSerialization.Config);

    protected string WorkDirectory { get; private set; } = "";
    protected TestProbe MasterProxy { get; private set; } = null!;
    protected TestProbe Master { get; private set; } = null!;
    protected IActorRef Agent { get; private set; } = null!;

    /// <summary>Ignores the test, saying why, where containers cannot be made.</summary>
    protected static void RequireRootAndCgroups(string what)
    {
        if (System.Environment.UserName == "root" && CgroupsDetector.Detect() is not null) return;
        var reason = $"{what} launch real containers and need root and cgroups at {CgroupsDetector.DefaultRoot}; running as {System.Environment.UserName}";
        TestContext.Progress.WriteLine(reason);
        Assert.Ignore(reason);
    }

    protected void CreateWorkDirectory(string prefix) => WorkDirectory = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Starts an agent actor on the work directory, with fresh probes for the master proxy and the master.</summary>
    protected IActorRef StartAgentActor(IContainerizer containerizer, bool killTasksOnStop = true,
        Func<AgentSettings, AgentSettings>? configure = null, Action<string>? shutDown = null)
    {
        var settings = new AgentSettings
        {
            WorkDirectory = WorkDirectory,
            RegistrationRetry = TimeSpan.FromMinutes(1),
            DefaultKillGracePeriod = TimeSpan.FromSeconds(1),
            KillTasksOnStop = killTasksOnStop,
        };
        if (configure is not null) settings = configure(settings);
        var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
        info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:1024").ToProto());
        MasterProxy = CreateTestProbe();
        Master = CreateTestProbe();
        Agent = Sys.ActorOf(AgentActor.Props(settings, info, MasterProxy.Ref, containerizer, shutDown));
        return Agent;
    }

    /// <summary>Expects the agent's first registration and answers it from the master probe.</summary>
    protected RegisterAgent RegisterAgent()
    {
        var registration = MasterProxy.ExpectMsg<RegisterAgent>(Patience);
        Agent.Tell(new AgentRegistered { AgentId = new AgentID { Value = AgentId } }, Master.Ref);
        return registration;
    }

    /// <summary>Stops the agent actor; with <c>killTasksOnStop: false</c> its tasks keep running, as after a crash.</summary>
    protected void CrashAgent()
    {
        Watch(Agent);
        Sys.Stop(Agent);
        ExpectTerminated(Agent, Patience);
    }

    protected static TaskInfo ShellTask(string taskId, string command)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = command },
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.1;mem:32").ToProto());
        return task;
    }

    protected void Launch(TaskInfo task, string frameworkId = FrameworkId, bool killingCapable = false)
    {
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = frameworkId }, Name = frameworkId, User = "root" };
        if (killingCapable)
            framework.Capabilities.Add(new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.TaskKillingState });
        Agent.Tell(new RunTask { Framework = framework, Task = task }, Master.Ref);
    }

    protected StatusUpdateReported ExpectUpdate(string taskId, TaskState state)
    {
        var update = Master.ExpectMsg<StatusUpdateReported>(Patience);
        Assert.That((update.Status.TaskId.Value, update.Status.State), Is.EqualTo((taskId, state)), update.Status.Message);
        return update;
    }

    protected void Acknowledge(StatusUpdateReported update) =>
        Agent.Tell(new AcknowledgeStatusUpdate
        {
            AgentId = update.Status.AgentId,
            FrameworkId = update.FrameworkId,
            TaskId = update.Status.TaskId,
            Uuid = update.Status.Uuid,
        }, Master.Ref);

    protected void AcknowledgeUntilRunning(string taskId)
    {
        Acknowledge(ExpectUpdate(taskId, TaskState.TaskStarting));
        Acknowledge(ExpectUpdate(taskId, TaskState.TaskRunning));
    }

    protected string Sandbox(string taskId, string frameworkId = FrameworkId) => SandboxLayout.For(WorkDirectory, frameworkId, taskId);

    protected static string ExitCode(StatusUpdateReported update) =>
        update.Status.Labels.Labels_.Single(l => l.Key == TaskStatusBuilder.ExitCodeLabel).Value;

    protected static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {Patience}: {what}");
            Thread.Sleep(20);
        }
    }

    [TearDown]
    public void RemoveWorkDirectory()
    {
        if (WorkDirectory.Length > 0 && Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true);
    }
}
