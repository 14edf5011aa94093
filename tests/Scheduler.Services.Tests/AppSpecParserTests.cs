using Scheduler.Framework.Matching;
using Scheduler.Services.Specs;

namespace Scheduler.Services.Tests;

[TestFixture]
public class AppSpecParserTests
{
    [Test]
    public void A_marathon_app_in_json_is_read_with_every_field()
    {
        const string json = """
            {
              "id": "/web",
              "cmd": "python3 -m http.server 8080",
              "cpus": 0.5, "mem": 64, "disk": 10, "instances": 3,
              "env": {"MODE": "prod"},
              "healthChecks": [{"protocol": "HTTP", "path": "/health", "port": 8080, "gracePeriodSeconds": 5, "intervalSeconds": 2,
                                "timeoutSeconds": 1, "maxConsecutiveFailures": 4, "delaySeconds": 0}],
              "constraints": [["hostname", "UNIQUE"], ["rack", "CLUSTER", "r1"], ["zone", "GROUP_BY", "2"], ["os", "LIKE", "linux.*"],
                              ["gpu", "UNLIKE", "none"], ["rack", "MAX_PER", "2"]],
              "backoffSeconds": 2, "backoffFactor": 2, "maxLaunchDelaySeconds": 60,
              "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}
            }
            """;

        var spec = AppSpecParser.Parse(json);

        Assert.That(spec.Id, Is.EqualTo("web"));
        Assert.That((spec.Cmd, spec.Cpus, spec.Mem, spec.Disk, spec.Instances), Is.EqualTo(("python3 -m http.server 8080", 0.5, 64.0, 10.0, 3)));
        Assert.That(spec.Env, Is.EqualTo(new Dictionary<string, string> { ["MODE"] = "prod" }));
        Assert.That(spec.HealthCheck, Is.EqualTo(new HealthCheckSpec
        {
            Protocol = HealthCheckProtocol.Http, Path = "/health", Port = 8080, GracePeriodSeconds = 5, IntervalSeconds = 2, TimeoutSeconds = 1,
            MaxConsecutiveFailures = 4, DelaySeconds = 0,
        }));
        Assert.That(spec.Constraints.Select(constraint => constraint.Operator), Is.EqualTo(new[]
        {
            ConstraintOperator.Unique, ConstraintOperator.Cluster, ConstraintOperator.GroupBy, ConstraintOperator.Like, ConstraintOperator.Unlike,
            ConstraintOperator.MaxPer,
        }));
        Assert.That((spec.BackoffSeconds, spec.BackoffFactor, spec.MaxLaunchDelaySeconds), Is.EqualTo((2.0, 2.0, 60.0)));
        Assert.That(spec.UpgradeStrategy, Is.EqualTo(new UpgradeStrategy { MinimumHealthCapacity = 0.5, MaximumOverCapacity = 0.2 }));
    }

    [Test]
    public void Unset_fields_take_marathons_defaults()
    {
        var spec = AppSpecParser.Parse("id: worker\ncontainer:\n  type: DOCKER\n  docker:\n    image: local/busybox:1\n");

        Assert.That(spec.Image, Is.EqualTo("local/busybox:1"));
        Assert.That((spec.Cpus, spec.Mem, spec.Disk, spec.Instances), Is.EqualTo((1.0, 128.0, 0.0, 1)));
        Assert.That((spec.BackoffSeconds, spec.BackoffFactor, spec.MaxLaunchDelaySeconds), Is.EqualTo((1.0, 1.15, 300.0)));
        Assert.That(spec.UpgradeStrategy, Is.EqualTo(new UpgradeStrategy { MinimumHealthCapacity = 1, MaximumOverCapacity = 1 }));
        Assert.That(spec.HealthChecks, Is.Empty);
    }

    [Test]
    public void A_command_health_check_takes_marathons_value_form_or_a_plain_string()
    {
        var marathon = AppSpecParser.Parse("id: a\ncmd: sleep 100\nhealthChecks:\n  - protocol: COMMAND\n    command: {value: 'test -f ready'}\n");
        var plain = AppSpecParser.Parse("id: a\ncmd: sleep 100\nhealthChecks:\n  - protocol: COMMAND\n    command: test -f ready\n");

        Assert.That(marathon.HealthCheck!.Command, Is.EqualTo("test -f ready"));
        Assert.That(plain.HealthCheck, Is.EqualTo(marathon.HealthCheck));
        Assert.That((marathon.HealthCheck.GracePeriodSeconds, marathon.HealthCheck.IntervalSeconds, marathon.HealthCheck.TimeoutSeconds, marathon.HealthCheck.MaxConsecutiveFailures),
            Is.EqualTo((300.0, 60.0, 20.0, 3)));
    }

    [TestCase("id: a\ncmd: x\ncpus: -1\n", "app:3: cpus: must be positive")]
    [TestCase("id: a\ncmd: x\ninstance: 3\n", "app:3: instance: unknown field (did you mean 'instances'?)")]
    [TestCase("id: a\n", "app:1: cmd: an app needs a cmd or a container.docker.image")]
    [TestCase("cmd: x\n", "app:1: id: is required")]
    [TestCase("id: Web_1\ncmd: x\n", "app:1: id: must be lowercase letters")]
    [TestCase("id: a\ncmd: x\nconstraints:\n  - [hostname, UNIQE]\n", "app:4: constraints[0]: Unknown constraint operator 'UNIQE'")]
    [TestCase("id: a\ncmd: x\nconstraints:\n  - [rack, MAX_PER]\n", "app:4: constraints[0]: MaxPer on 'rack' needs a maximum count")]
    [TestCase("id: a\ncmd: x\nhealthChecks:\n  - protocol: COMMAND\n", "app:4: healthChecks[0].command: a COMMAND health check needs a command")]
    [TestCase("id: a\ncmd: x\nhealthChecks:\n  - protocol: TCP\n", "app:4: healthChecks[0].port: an TCP health check needs the port")]
    [TestCase("id: a\ncmd: x\nhealthChecks:\n  - {protocol: TCP, port: 80}\n  - {protocol: TCP, port: 81}\n", "app:5: healthChecks[1]: at most one health check")]
    [TestCase("id: a\ncmd: x\nhealthChecks:\n  - protocol: HTTPS\n    port: 1\n", "app:4: healthChecks[0].protocol: must be COMMAND, HTTP or TCP, not 'HTTPS'")]
    [TestCase("id: a\ncmd: x\nhealthChecks:\n  - protocol: TCP\n    port: 1\n    intervalSeconds: 0\n", "app:6: healthChecks[0].intervalSeconds: must be positive")]
    [TestCase("id: a\ncmd: x\nupgradeStrategy:\n  minimumHealthCapacity: 1.5\n", "app:4: upgradeStrategy.minimumHealthCapacity: must be between 0 and 1")]
    [TestCase("id: a\ncmd: x\nbackoffFactor: 0.5\n", "app:3: backoffFactor: must be at least 1")]
    [TestCase("id: a\ncmd: x\ncontainer:\n  docker: {}\n", "app:4: container.docker.image: is required")]
    [TestCase("id: a\ncmd: [x\n", "app:3: While parsing a flow sequence")]
    public void A_mistake_is_reported_with_its_line_and_field(string yaml, string expected)
    {
        var error = Assert.Throws<AppSpecException>(() => AppSpecParser.Parse(yaml))!;

        Assert.That(error.Errors, Has.Some.StartsWith(expected), string.Join("\n", error.Errors));
    }

    [Test]
    public void Every_mistake_of_a_file_is_reported_at_once()
    {
        var error = Assert.Throws<AppSpecException>(() => AppSpecParser.Parse("id: a\ncmd: x\ncpus: 0\nmem: lots\n", "web.yaml"))!;

        Assert.That(error.Errors, Is.EqualTo(new[] { "web.yaml:3: cpus: must be positive", "web.yaml:4: mem: must be a number" }));
    }

    [Test]
    public void A_body_with_only_instances_is_a_scaling()
    {
        Assert.That(AppSpecParser.ScaleOnly("{\"instances\": 5}"), Is.EqualTo(5));
        Assert.That(AppSpecParser.ScaleOnly("{\"id\": \"/web\", \"instances\": 0}"), Is.EqualTo(0));
        Assert.That(AppSpecParser.ScaleOnly("{\"id\": \"web\", \"cmd\": \"x\", \"instances\": 2}"), Is.Null);
        Assert.Throws<AppSpecException>(() => AppSpecParser.ScaleOnly("{\"instances\": -1}"));
    }

    [Test]
    public void The_backoff_grows_by_the_factor_up_to_the_maximum_launch_delay()
    {
        var spec = new AppSpec { Id = "a", Cmd = "x", BackoffSeconds = 1, BackoffFactor = 2, MaxLaunchDelaySeconds = 5 };

        Assert.That(Enumerable.Range(0, 6).Select(failures => spec.BackoffAfter(failures).TotalSeconds), Is.EqualTo(new[] { 0.0, 1, 2, 4, 5, 5 }));
        Assert.That(spec.BackoffAfter(100_000), Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [TestCase(3, 0.5, 1.0, 2, 6)]
    [TestCase(3, 1.0, 0.0, 3, 3)]
    [TestCase(4, 0.75, 0.5, 3, 6)]
    [TestCase(10, 0.9, 0.1, 9, 11)]
    [TestCase(0, 1.0, 1.0, 0, 0)]
    public void The_upgrade_bounds_round_as_marathon_does(int instances, double minimumHealth, double maximumOver, int fewestHealthy, int mostInAll)
    {
        var strategy = new UpgradeStrategy { MinimumHealthCapacity = minimumHealth, MaximumOverCapacity = maximumOver };

        Assert.That((strategy.MinimumHealthy(instances), strategy.MaximumTotal(instances)), Is.EqualTo((fewestHealthy, mostInAll)));
    }

    [Test]
    public void The_example_app_is_valid()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Scheduler.sln"))) directory = directory.Parent!;
        var path = Path.Combine(directory.FullName, "examples", "web-service.yaml");

        var spec = AppSpecParser.Parse(File.ReadAllText(path), "web-service.yaml");

        Assert.That(spec.Instances, Is.EqualTo(3));
        Assert.That(spec.HealthCheck!.Protocol, Is.EqualTo(HealthCheckProtocol.Command));
        Assert.That(spec.UpgradeStrategy.MinimumHealthy(spec.Instances), Is.EqualTo(2));
    }
}
