using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Protocol.Tests;

/// <summary>Required fields found missing by path, maps included (a fuzzer found that a map made the walk throw).</summary>
[TestFixture]
public sealed class RequiredFieldsTests
{
    [Test]
    public void A_map_of_messages_is_walked_without_throwing_and_its_values_are_checked()
    {
        var call = MesosJson.Parse<Call>("""
            {"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"web","guarantees":{"cpus":{"vAlue":1}},"limits":{"mem":{"value":1024}}}]}}
            """);

        var missing = RequiredFields.Missing(call);

        Assert.That(missing, Is.EqualTo(new[] { "update_quota.quota_configs[0].guarantees[cpus].value" }));
    }

    [Test]
    public void A_complete_map_reports_nothing_missing()
    {
        var call = MesosJson.Parse<Call>("""
            {"type":"UPDATE_QUOTA","update_quota":{"quota_configs":[{"role":"web","guarantees":{"cpus":{"value":1}}}]}}
            """);

        Assert.That(RequiredFields.Missing(call), Is.Empty);
    }

    [Test]
    public void A_proto3_duration_inside_a_call_is_walked_without_throwing()
    {
        var call = MesosJson.Parse<Call>("""
            {"type":"DRAIN_AGENT","drain_agent":{"max_grace_period":"30s","mark_gone":false}}
            """);

        Assert.That(RequiredFields.Missing(call), Is.EqualTo(new[] { "drain_agent.agent_id" }));
    }
}
