using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Environment = Scheduler.Protocol.V1.Environment;

namespace Scheduler.Agent.Tests.Tasks;

/// <summary>What the agent asks the containerizer to run for a task.</summary>
[TestFixture]
public sealed class LaunchSpecBuilderTests
{
    private static readonly FrameworkID Framework = new() { Value = "framework-1" };
    private const string Sandbox = "/var/lib/agent/frameworks/framework-1/tasks/job";

    [Test]
    public void A_shell_command_is_run_by_the_shell()
    {
        var task = TaskWith(new CommandInfo { Shell = true, Value = "echo hi | tr a-z A-Z" });

        var spec = LaunchSpecBuilder.Build(Framework, task, Sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Shell, Is.EqualTo("echo hi | tr a-z A-Z"));
            Assert.That(spec.Executable, Is.Null);
            Assert.That(spec.Arguments, Is.Empty);
            Assert.That(spec.FrameworkId, Is.EqualTo("framework-1"));
            Assert.That(spec.TaskId, Is.EqualTo("job"));
            Assert.That(spec.SandboxDirectory, Is.EqualTo(Sandbox));
            Assert.That(() => spec.Validate(), Throws.Nothing);
        });
    }

    [Test]
    public void Commands_are_shell_commands_unless_they_say_otherwise()
    {
        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "true" }), Sandbox);

        Assert.That(spec.Shell, Is.EqualTo("true"));
    }

    [Test]
    public void An_argv_command_runs_the_executable_with_the_arguments_after_argv0()
    {
        var command = new CommandInfo { Shell = false, Value = "/bin/echo", Arguments = { "echo", "hello", "world" } };

        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(command), Sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Shell, Is.Null);
            Assert.That(spec.Executable, Is.EqualTo("/bin/echo"));
            Assert.That(spec.Arguments, Is.EqualTo(new[] { "hello", "world" }));
        });
    }

    [Test]
    public void An_argv_command_without_arguments_gets_none()
    {
        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Shell = false, Value = "/bin/true" }), Sandbox);

        Assert.That(spec.Arguments, Is.Empty);
    }

    [Test]
    public void Cpus_and_memory_come_from_the_tasks_resources()
    {
        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "true" }, "cpus:0.5;mem:96;disk:10"), Sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Cpus, Is.EqualTo(0.5));
            Assert.That(spec.MemoryMegabytes, Is.EqualTo(96));
        });
    }

    [Test]
    public void Missing_cpus_and_memory_get_small_defaults()
    {
        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "true" }, "disk:10"), Sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Cpus, Is.EqualTo(0.1));
            Assert.That(spec.MemoryMegabytes, Is.EqualTo(32));
        });
    }

    [Test]
    public void The_commands_environment_and_user_are_passed_on()
    {
        var command = new CommandInfo
        {
            Value = "env",
            User = "nobody",
            Environment = new Environment
            {
                Variables =
                {
                    new Environment.Types.Variable { Name = "GREETING", Value = "hello" },
                    new Environment.Types.Variable { Name = "EMPTY" },
                },
            },
        };

        var spec = LaunchSpecBuilder.Build(Framework, TaskWith(command), Sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["GREETING"] = "hello", ["EMPTY"] = "" }));
            Assert.That(spec.User, Is.EqualTo("nobody"));
        });
    }

    [Test]
    public void Each_launch_gets_its_own_container_id()
    {
        var task = TaskWith(new CommandInfo { Value = "true" });

        var first = LaunchSpecBuilder.Build(Framework, task, Sandbox);
        var second = LaunchSpecBuilder.Build(Framework, task, Sandbox);

        Assert.That(second.ContainerId, Is.Not.EqualTo(first.ContainerId));
    }

    [Test]
    public void A_task_without_a_command_cannot_be_launched()
    {
        var task = TaskWith(new CommandInfo { Value = "true" });
        task.Command = null;

        Assert.That(() => LaunchSpecBuilder.Build(Framework, task, Sandbox), Throws.ArgumentException);
    }

    [Test]
    public void A_task_gets_the_agents_pids_limit_unless_its_label_overrides_it()
    {
        var defaults = new LaunchDefaults(4096, null);
        var labelled = TaskWith(new CommandInfo { Value = "true" });
        labelled.Labels = new Labels { Labels_ = { new Label { Key = LaunchDefaults.PidsLimitLabel, Value = "32" } } };

        Assert.Multiple(() =>
        {
            Assert.That(LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "true" }), Sandbox, defaults).Pids, Is.EqualTo(4096));
            Assert.That(LaunchSpecBuilder.Build(Framework, labelled, Sandbox, defaults).Pids, Is.EqualTo(32));
            Assert.That(LaunchSpecBuilder.Build(Framework, labelled, Sandbox).Pids, Is.EqualTo(32));
            Assert.That(LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "true" }), Sandbox).Pids, Is.Null);
        });
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("many")]
    public void A_pids_limit_label_must_be_a_positive_integer(string value)
    {
        var task = TaskWith(new CommandInfo { Value = "true" });
        task.Labels = new Labels { Labels_ = { new Label { Key = LaunchDefaults.PidsLimitLabel, Value = value } } };

        Assert.That(() => LaunchSpecBuilder.Build(Framework, task, Sandbox),
            Throws.ArgumentException.With.Message.Contains(LaunchDefaults.PidsLimitLabel));
    }

    [Test]
    public void Without_a_user_of_its_own_a_command_runs_as_its_frameworks_user()
    {
        var defaults = new LaunchDefaults(null, "nobody");

        Assert.Multiple(() =>
        {
            Assert.That(LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "id" }), Sandbox, defaults).User,
                Is.EqualTo("nobody"));
            Assert.That(LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "id", User = "daemon" }), Sandbox, defaults).User,
                Is.EqualTo("daemon"));
            Assert.That(LaunchSpecBuilder.Build(Framework, TaskWith(new CommandInfo { Value = "id" }), Sandbox, new LaunchDefaults(null, "")).User,
                Is.Null);
        });
    }

    [Test]
    public void A_docker_task_does_not_run_as_its_frameworks_user()
    {
        var task = TaskWith(new CommandInfo { Value = "id" });
        task.Container = new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new ContainerInfo.Types.DockerInfo { Image = "local/busybox:1" },
        };

        Assert.That(LaunchSpecBuilder.Build(Framework, task, Sandbox, new LaunchDefaults(null, "alice")).User, Is.Null);
    }

    private static TaskInfo TaskWith(CommandInfo command, string resources = "cpus:1;mem:128")
    {
        var task = new TaskInfo { Name = "job", TaskId = new TaskID { Value = "job" }, Command = command };
        task.Resources.AddRange(ResourceSet.Parse(resources).ToProto());
        return task;
    }
}
