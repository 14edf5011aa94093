using System.CommandLine;
using Scheduler.Cli.Commands;
using Scheduler.Master;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched master</c>'s <c>--agent-ping-timeout</c> and <c>--max-agent-ping-timeouts</c>: their product is how long an unreachable agent is waited for.</summary>
[TestFixture]
public sealed class AgentPingOptionsTests
{
    [Test]
    public void Without_options_an_agent_gets_Mesos_75_seconds()
    {
        var (applied, error) = Apply();

        Assert.That(error, Is.Null);
        Assert.That(applied!.AgentUnreachableTimeout, Is.EqualTo(TimeSpan.FromSeconds(75)));
    }

    [Test]
    public void The_timeout_is_the_ping_timeout_times_the_most_ping_timeouts()
    {
        var (applied, _) = Apply("--agent-ping-timeout", "500ms", "--max-agent-ping-timeouts", "6");

        Assert.That(applied!.AgentUnreachableTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [TestCase("--agent-ping-timeout", "soon", "--agent-ping-timeout")]
    [TestCase("--agent-ping-timeout", "0secs", "--agent-ping-timeout")]
    [TestCase("--max-agent-ping-timeouts", "0", "--max-agent-ping-timeouts")]
    public void A_bad_value_is_refused_naming_its_option(string option, string value, string named)
    {
        var (applied, error) = Apply(option, value);

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.Null);
            Assert.That(error, Does.StartWith(named));
        });
    }

    private static (MasterSettings? Applied, string? Error) Apply(params string[] arguments)
    {
        var options = new AgentPingOptions();
        var command = new RootCommand();
        foreach (var option in options.All) command.Options.Add(option);
        var parse = command.Parse(arguments);
        Assert.That(parse.Errors, Is.Empty);
        options.TryApply(parse, new MasterSettings(), out var applied, out var error);
        return (applied, error);
    }
}
