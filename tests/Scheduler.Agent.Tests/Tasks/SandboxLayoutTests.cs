using Scheduler.Agent.Tasks;

namespace Scheduler.Agent.Tests.Tasks;

/// <summary>Where sandboxes go, and that ids cannot steer them out of the work directory.</summary>
[TestFixture]
public sealed class SandboxLayoutTests
{
    [Test]
    public void A_sandbox_lives_under_its_framework_and_task()
    {
        Assert.That(SandboxLayout.For("/var/lib/agent", "framework-1", "web-1"),
            Is.EqualTo("/var/lib/agent/frameworks/framework-1/tasks/web-1"));
    }

    [TestCase("..")]
    [TestCase(".")]
    [TestCase("")]
    [TestCase("../../etc")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("nul\0byte")]
    public void An_id_that_is_not_a_plain_directory_name_is_refused(string id)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SandboxLayout.For("/var/lib/agent", id, "web-1"), Throws.ArgumentException, "as a framework id");
            Assert.That(() => SandboxLayout.For("/var/lib/agent", "framework-1", id), Throws.ArgumentException, "as a task id");
        });
    }

    [TestCase("...")]
    [TestCase("..hidden")]
    [TestCase("web.1")]
    public void Dots_inside_a_name_are_allowed(string id)
    {
        Assert.That(SandboxLayout.RelativePath("framework-1", id), Is.EqualTo($"frameworks/framework-1/tasks/{id}"));
    }
}
