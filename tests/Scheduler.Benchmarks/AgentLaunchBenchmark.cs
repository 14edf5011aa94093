using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Scheduler.Agent;
using Scheduler.Agent.Actors;
using Scheduler.Agent.Containers;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Benchmarks;

/// <summary>
/// One real agent actor with the real cgroups containerizer, in process, behind an <see cref="AcknowledgingMaster"/>:
/// sends it N <c>sleep 60</c> tasks (cpus 0.001, mem 8) at once and times until all are TASK_RUNNING, then kills them
/// all and times until all are TASK_KILLED with their cgroups gone.
/// </summary>
/// <param name="parentDirectory">Where the agent's work directory is made; the system's temporary directory by default.</param>
public sealed class AgentLaunchBenchmark(int tasks, string? parentDirectory = null) : IDisposable
{
    private const string AgentId = "benchmark-agent";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly string workDirectory = parentDirectory is null
        ? Directory.CreateTempSubdirectory("agent-launch-benchmark-").FullName
        : Directory.CreateDirectory(Path.Combine(parentDirectory, "agent-launch-benchmark-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly FrameworkInfo framework = new()
    {
        Id = new FrameworkID { Value = "benchmark-framework" }, Name = "benchmark", User = "root",
    };

    public async Task<AgentLaunchResult> RunAsync()
    {
        var tally = new TaskStateTally(tasks);
        var system = ActorSystem.Create("agent-launch-benchmark", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var containerizer = CgroupContainerizer.ForHost(CgroupContainerizer.RuntimeDirectoryOf(workDirectory));
        try
        {
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var master = system.ActorOf(AcknowledgingMaster.Props(AgentId, tally, registered));
            var settings = new AgentSettings { WorkDirectory = workDirectory };
            var info = new AgentInfo { Hostname = "127.0.0.1", Port = 5051 };
            info.Resources.AddRange(ResourceSet.Parse("cpus:2;mem:16384").ToProto());
            var agent = system.ActorOf(AgentActor.Props(settings, info, master, containerizer), "agent");

            await registered.Task.WaitAsync(Patience);

            var taskIds = Enumerable.Range(0, tasks).Select(i => $"sleep-{i:D5}").ToList();
            var launchStart = Stopwatch.GetTimestamp();
            var launch = await TimeAsync(tally.AllReached(TaskState.TaskRunning), () =>
            {
                foreach (var taskId in taskIds) agent.Tell(new RunTask { Framework = framework, Task = SleepTask(taskId) }, master);
            });
            var containerIds = Directory.GetDirectories(containerizer.RuntimeDirectory).Select(Path.GetFileName).ToList();
            var destroyStart = Stopwatch.GetTimestamp();
            var destroy = await TimeAsync(tally.AllReached(TaskState.TaskKilled), () =>
            {
                foreach (var taskId in taskIds)
                    agent.Tell(new KillTask { FrameworkId = framework.Id, TaskId = new TaskID { Value = taskId } }, master);
            });
            var left = containerIds.Count(id => containerizer.Cgroups.Exists(id!));
            if (left > 0) throw new InvalidOperationException($"{left} container(s) kept their cgroups after TASK_KILLED.");
            return new AgentLaunchResult(tasks, launch, destroy,
                tally.TimeToShare(TaskState.TaskRunning, launchStart, 0.5), tally.TimeToShare(TaskState.TaskKilled, destroyStart, 0.5));
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(e.Message + FailedTasksOutput(), e);
        }
        finally
        {
            foreach (var container in containerizer.Running) await container.KillAsync(TimeSpan.Zero);
            await system.Terminate();
        }
    }

    /// <summary>What the first tasks that wrote to their stderr said, to tell why a task failed.</summary>
    private string FailedTasksOutput() =>
        string.Concat(Directory.EnumerateFiles(workDirectory, "stderr", SearchOption.AllDirectories)
            .Where(file => new FileInfo(file).Length > 0)
            .Take(3)
            .Select(file => $"\n{file}: {File.ReadAllText(file).Trim()}"));

    private static async Task<TimeSpan> TimeAsync(Task done, Action start)
    {
        var stopwatch = Stopwatch.StartNew();
        start();
        if (await Task.WhenAny(done, Task.Delay(Patience)) != done)
            throw new TimeoutException($"Not done within {Patience}.");
        await done;
        return stopwatch.Elapsed;
    }

    private static TaskInfo SleepTask(string taskId)
    {
        var task = new TaskInfo
        {
            Name = taskId,
            TaskId = new TaskID { Value = taskId },
            AgentId = new AgentID { Value = AgentId },
            Command = new CommandInfo { Shell = true, Value = "sleep 60" },
        };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.001;mem:8").ToProto());
        return task;
    }

    public void Dispose()
    {
        try { Directory.Delete(workDirectory, recursive: true); }
        catch (IOException) { }
    }
}
