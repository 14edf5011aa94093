namespace Scheduler.Integration.Tests.Examples;

/// <summary>docs/writing-a-framework.md shows the example framework exactly as the tests run it.</summary>
[TestFixture]
public sealed class ExampleDocumentationTests
{
    private const int MaxExampleLines = 60;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Scheduler.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("The tests do not run inside the repository.");
    }

    private static string ExampleSource() => File.ReadAllText(Path.Combine(
        RepositoryRoot(), "tests", "Scheduler.Integration.Tests", "Examples", "RetryingBatchFramework.cs")).ReplaceLineEndings("\n");

    [Test]
    public void The_guide_shows_the_example_exactly()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "writing-a-framework.md")).ReplaceLineEndings("\n");
        var blocks = guide.Split("```csharp\n").Skip(1).Select(block => block[..block.IndexOf("```\n", StringComparison.Ordinal)]);

        var shown = blocks.Where(block => block.Contains("class RetryingBatchFramework", StringComparison.Ordinal)).ToList();

        Assert.That(shown, Has.Count.EqualTo(1), "the guide shows the example in one code block");
        Assert.That(shown[0], Is.EqualTo(ExampleSource()));
    }

    [Test]
    public void The_example_is_at_most_sixty_lines()
    {
        var lines = ExampleSource().TrimEnd('\n').Split('\n').Length;

        Assert.That(lines, Is.LessThanOrEqualTo(MaxExampleLines));
    }
}
