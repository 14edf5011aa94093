using Scheduler.Batch.Specs;

namespace Scheduler.Batch.Tests;

/// <summary>The job files under <c>examples/</c> stay valid.</summary>
[TestFixture]
public sealed class ExampleJobsTests
{
    private static string ExamplesDirectory()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Scheduler.sln")))
                return Path.Combine(directory.FullName, "examples");
        throw new DirectoryNotFoundException("the repository's root (Scheduler.sln) is not above the test directory");
    }

    [TestCase("hello-array.yaml", 100)]
    [TestCase("retry.yaml", 1)]
    [TestCase("pipeline.yaml", 7)]
    public void An_example_parses(string file, int instances)
    {
        var path = Path.Combine(ExamplesDirectory(), file);

        var spec = JobSpecParser.Parse(File.ReadAllText(path), file);

        Assert.That(spec.Tasks.Sum(task => task.InstanceCount), Is.EqualTo(instances));
    }
}
