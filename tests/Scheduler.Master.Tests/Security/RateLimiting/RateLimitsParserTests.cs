using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Master.Tests.Security.RateLimiting;

[TestFixture]
public sealed class RateLimitsParserTests
{
    [Test]
    public void Reads_Mesos_rate_limits()
    {
        const string json = """
            {"limits":[{"principal":"foo","qps":55.5,"capacity":100000},{"principal":"bar","qps":300},{"principal":"baz"}],
             "aggregate_default_qps":333,"aggregate_default_capacity":1000000}
            """;
        Assert.That(RateLimitsParser.TryParse(json, out var limits, out var error), Is.True, error);
        Assert.That(limits.Limits, Is.EqualTo(new[]
        {
            new PrincipalRateLimit("foo", 55.5, 100000),
            new PrincipalRateLimit("bar", 300, null),
            new PrincipalRateLimit("baz", null, null),
        }));
        Assert.That(limits.AggregateDefaultQps, Is.EqualTo(333));
        Assert.That(limits.AggregateDefaultCapacity, Is.EqualTo(1000000));
    }

    [Test]
    public void An_empty_object_limits_nothing()
    {
        Assert.That(RateLimitsParser.TryParse("{}", out var limits, out _), Is.True);
        Assert.That(limits.Limits, Is.Empty);
        Assert.That(limits.AggregateDefaultQps, Is.Null);
    }

    [TestCase("{\"limits\":[", "not valid JSON")]
    [TestCase("[]", "expected a JSON object")]
    [TestCase("{\"limits\":{}}", "'limits' must be an array")]
    [TestCase("{\"limits\":[{\"qps\":1}]}", "limits[0]: 'principal' is required and must be a non-empty string")]
    [TestCase("{\"limits\":[{\"principal\":\"a\",\"qps\":-1}]}", "limits[0].qps must be a positive number")]
    [TestCase("{\"limits\":[{\"principal\":\"a\",\"qps\":\"fast\"}]}", "limits[0].qps must be a positive number")]
    [TestCase("{\"limits\":[{\"principal\":\"a\",\"qps\":1,\"capacity\":0.5}]}", "limits[0].capacity must be a whole number from 1 to 2147483647")]
    [TestCase("{\"limits\":[{\"principal\":\"a\"},{\"principal\":\"a\"}]}", "principal 'a' is listed more than once")]
    [TestCase("{\"limits\":[{\"principal\":\"a\",\"burst\":1}]}", "limits[0]: unknown field 'burst'")]
    [TestCase("{\"aggregate_default_qps\":0}", "aggregate_default_qps must be a positive number")]
    [TestCase("{\"aggregate_qps\":1}", "unknown field 'aggregate_qps'")]
    public void A_malformed_file_is_refused_with_what_is_wrong(string json, string message)
    {
        Assert.That(RateLimitsParser.TryParse(json, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith(message));
    }
}
