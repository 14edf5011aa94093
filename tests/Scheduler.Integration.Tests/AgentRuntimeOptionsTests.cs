using System.CommandLine;
using Scheduler.Agent;
using Scheduler.Agent.Containers;
using Scheduler.Cli.Commands;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched agent</c>'s isolation and garbage collection options, parsed into the agent's settings.</summary>
[TestFixture]
public sealed class AgentRuntimeOptionsTests
{
    [TestCase("1weeks", 7 * 24 * 3600.0)]
    [TestCase("3days", 3 * 24 * 3600.0)]
    [TestCase("2hrs", 7200.0)]
    [TestCase("10mins", 600.0)]
    [TestCase("1.5secs", 1.5)]
    [TestCase("500ms", 0.5)]
    public void Durations_are_read_the_way_Mesos_writes_them(string text, double seconds)
    {
        Assert.That(AgentRuntimeOptions.TryParseDuration(text, out var duration), Is.True);
        Assert.That(duration.TotalSeconds, Is.EqualTo(seconds).Within(1e-9));
    }

    [TestCase("")]
    [TestCase("7")]
    [TestCase("1fortnight")]
    [TestCase("-1days")]
    public void Other_durations_are_refused(string text) =>
        Assert.That(AgentRuntimeOptions.TryParseDuration(text, out _), Is.False);

    [Test]
    public void The_options_set_the_agents_settings()
    {
        var (applied, error) = Apply("--container-pids-limit", "64", "--isolation-namespaces", "pid", "--gc-delay", "2hrs",
            "--gc-disk-headroom", "0.2");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(applied!.ContainerPidsLimit, Is.EqualTo(64));
            Assert.That(applied.IsolationNamespaces, Is.EqualTo(new NamespaceIsolation(Pid: true, Mount: true)));
            Assert.That(applied.GcDelay, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(applied.GcDiskHeadroom, Is.EqualTo(0.2));
        });
    }

    [Test]
    public void Without_options_the_agent_keeps_Mesos_defaults()
    {
        var (applied, _) = Apply();

        Assert.Multiple(() =>
        {
            Assert.That(applied!.ContainerPidsLimit, Is.EqualTo(4096));
            Assert.That(applied.IsolationNamespaces, Is.EqualTo(NamespaceIsolation.None));
            Assert.That(applied.GcDelay, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(applied.GcDiskHeadroom, Is.EqualTo(0.1));
        });
    }

    [TestCase("--container-pids-limit", "-1", "--container-pids-limit")]
    [TestCase("--isolation-namespaces", "pid,net", "--isolation-namespaces")]
    [TestCase("--gc-delay", "soon", "--gc-delay")]
    [TestCase("--gc-disk-headroom", "1.5", "--gc-disk-headroom")]
    public void A_bad_value_is_refused_naming_its_option(string option, string value, string named)
    {
        var (applied, error) = Apply(option, value);

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.Null);
            Assert.That(error, Does.StartWith(named));
        });
    }

    private static (AgentSettings? Applied, string? Error) Apply(params string[] arguments)
    {
        var options = new AgentRuntimeOptions();
        var command = new RootCommand();
        foreach (var option in options.All) command.Options.Add(option);
        var parse = command.Parse(arguments);
        Assert.That(parse.Errors, Is.Empty);
        options.TryApply(parse, new AgentSettings(), out var applied, out var error);
        return (applied, error);
    }
}
