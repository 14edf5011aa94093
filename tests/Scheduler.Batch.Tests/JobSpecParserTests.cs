using Scheduler.Batch.Specs;

namespace Scheduler.Batch.Tests;

[TestFixture]
public sealed class JobSpecParserTests
{
    private static string ErrorOf(string yaml) =>
        Assert.Throws<JobSpecException>(() => JobSpecParser.Parse(yaml, "hello.yaml"))!.Message;

    [Test]
    public void Reads_a_job_with_an_array_task_and_defaults_from_the_job()
    {
        var spec = JobSpecParser.Parse("""
            name: hello
            mem: 64
            retries: 2
            tasks:
              - name: prepare
                command: echo prepare
              - name: greet
                command: echo $SCHED_ARRAY_INDEX
                array: 100
                cpus: 0.01
                backoff: 500ms
                timeout: 2m
                depends_on: [prepare]
                env: { GREETING: hi }
            """);

        Assert.That(spec.Name, Is.EqualTo("hello"));
        Assert.That(spec.Tasks.Select(task => task.Name), Is.EqualTo(new[] { "prepare", "greet" }));
        var greet = spec.Tasks[1];
        Assert.That(greet.Array, Is.EqualTo(100));
        Assert.That(greet.Cpus, Is.EqualTo(0.01));
        Assert.That(greet.Mem, Is.EqualTo(64), "the job's mem is the default");
        Assert.That(greet.Retries, Is.EqualTo(2));
        Assert.That(greet.Backoff, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(greet.Timeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(greet.DependsOn, Is.EqualTo(new[] { "prepare" }));
        Assert.That(greet.Environment["GREETING"], Is.EqualTo("hi"));
        Assert.That(spec.Tasks[0].Array, Is.Null);
    }

    [Test]
    public void Reads_json_as_well()
    {
        var spec = JobSpecParser.Parse("""{"name": "j", "tasks": [{"name": "a", "command": "true", "cpus": 0.5}]}""");

        Assert.That(spec.Tasks.Single().Cpus, Is.EqualTo(0.5));
    }

    [Test]
    public void A_job_without_tasks_is_one_task_named_after_it()
    {
        var spec = JobSpecParser.Parse("name: once\ncommand: date\narray: 3\n");

        Assert.That(spec.Tasks.Single().Name, Is.EqualTo("once"));
        Assert.That(spec.Tasks.Single().InstanceCount, Is.EqualTo(3));
    }

    [Test]
    public void A_negative_resource_is_reported_with_its_line_and_field()
    {
        var error = ErrorOf("""
            name: hello
            tasks:
              - name: a
                command: "true"
              - name: b
                command: "true"
                cpus: -1
            """);

        Assert.That(error, Is.EqualTo("hello.yaml:7: tasks[1].cpus: must be positive"));
    }

    [Test]
    public void An_unknown_field_gets_the_closest_known_one()
    {
        var error = ErrorOf("name: hello\ntasks:\n  - name: a\n    comand: echo\n");

        Assert.That(error, Does.Contain("hello.yaml:4: tasks[0].comand: unknown field (did you mean 'command'?)"));
    }

    [Test]
    public void A_dependency_on_an_unknown_task_is_reported()
    {
        var error = ErrorOf("name: j\ntasks:\n  - name: build\n    command: make\n  - name: test\n    command: make test\n    depends_on: [biuld]\n");

        Assert.That(error, Is.EqualTo("hello.yaml:7: tasks[1].depends_on: unknown task 'biuld' (did you mean 'build'?)"));
    }

    [Test]
    public void A_dependency_cycle_is_reported_with_its_path()
    {
        var error = ErrorOf("""
            name: j
            tasks:
              - {name: a, command: x, depends_on: c}
              - {name: b, command: x, depends_on: a}
              - {name: c, command: x, depends_on: b}
            """);

        Assert.That(error, Does.Match(@"^hello\.yaml:\d: tasks\[\d\]\.depends_on: dependency cycle (a|b|c) -> .* -> \1$"));
    }

    [TestCase("name: j\ncommand: x\narray: 0\n", "hello.yaml:3: array: must be between 1 and 100000")]
    [TestCase("name: j\ncommand: x\ndisk: -5\n", "hello.yaml:3: disk: must not be negative")]
    [TestCase("name: j\ncommand: x\nmem: lots\n", "hello.yaml:3: mem: must be a number")]
    [TestCase("name: j\ncommand: x\ntimeout: soon\n", "hello.yaml:3: timeout: must be a duration such as 30s, 5m or 2h")]
    [TestCase("name: j\ncommand: x\nretries: -1\n", "hello.yaml:3: retries: must be between 0 and 1000")]
    [TestCase("name: my job\ncommand: x\n", "hello.yaml:1: name: may hold only letters, digits, '-' and '_'")]
    [TestCase("command: x\n", "hello.yaml:1: name: is required")]
    [TestCase("name: j\ntasks:\n  - name: a\n", "hello.yaml:3: tasks[0].command: a task needs a command or an image")]
    [TestCase("name: j\ntasks:\n  - {name: a, command: x}\n  - {name: a, command: y}\n", "hello.yaml:4: tasks[1].name: 'a' is already the name of tasks[0]")]
    public void Invalid_fields_are_reported(string yaml, string expected)
    {
        Assert.That(ErrorOf(yaml), Is.EqualTo(expected));
    }

    [Test]
    public void A_syntax_error_names_its_line()
    {
        Assert.That(ErrorOf("name: j\ntasks:\n  - name: [unclosed\n"), Does.StartWith("hello.yaml:"));
    }

    [Test]
    public void Backoff_doubles_up_to_its_maximum()
    {
        var task = new TaskSpec { Name = "t", Backoff = TimeSpan.FromSeconds(2), MaxBackoff = TimeSpan.FromSeconds(5) };

        Assert.That(new[] { 0, 1, 2, 3 }.Select(task.BackoffAfter),
            Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5) }));
    }
}
