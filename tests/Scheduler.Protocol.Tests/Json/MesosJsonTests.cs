using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Protocol.Tests.Json;

[TestFixture]
public class MesosJsonTests
{
    [Test]
    public void Subscribe_call_uses_mesos_field_and_enum_names()
    {
        var call = new Call
        {
            Type = Call.Types.Type.Subscribe,
            Subscribe = new Call.Types.Subscribe { FrameworkInfo = SampleMessages.Framework(), SuppressedRoles = { "web" } },
        };

        var json = MesosJson.Format(call);
        var parsed = MesosJson.Parse<Call>(json);

        Assert.That(json, Does.Contain("\"type\":\"SUBSCRIBE\""));
        Assert.That(json, Does.Contain("\"framework_info\":{"));
        Assert.That(json, Does.Contain("\"failover_timeout\":3600"));
        Assert.That(json, Does.Contain("\"suppressed_roles\":[\"web\"]"));
        Assert.That(json, Does.Contain("\"type\":\"MULTI_ROLE\""));
        Assert.That(json, Does.StartWith("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\"sample framework\""), "compact");
        Assert.That(parsed, Is.EqualTo(call));
    }

    [Test]
    public void Offers_event_round_trips_with_allocation_info_and_refuse_seconds()
    {
        var @event = new Event
        {
            Type = Event.Types.Type.Offers,
            Offers = new Event.Types.Offers { Offers_ = { SampleMessages.Offer() } },
        };
        var decline = new Call
        {
            FrameworkId = new FrameworkID { Value = "framework-1" },
            Type = Call.Types.Type.Decline,
            Decline = new Call.Types.Decline { OfferIds = { new OfferID { Value = "offer-1" } }, Filters = new Filters { RefuseSeconds = 30 } },
        };

        var eventJson = MesosJson.Format(@event);
        var declineJson = MesosJson.Format(decline);

        Assert.That(eventJson, Does.Contain("\"type\":\"OFFERS\""));
        Assert.That(eventJson, Does.Contain("\"agent_id\":{\"value\":\"agent-1\"}"));
        Assert.That(eventJson, Does.Contain("\"allocation_info\":{\"role\":\"web\"}"));
        Assert.That(eventJson, Does.Contain("\"type\":\"SCALAR\""), "explicitly set proto2 enums are written even when zero");
        Assert.That(declineJson, Does.Contain("\"refuse_seconds\":30"));
        Assert.That(MesosJson.Parse<Event>(eventJson), Is.EqualTo(@event));
        Assert.That(MesosJson.Parse<Call>(declineJson), Is.EqualTo(decline));
    }

    [Test]
    public void Update_event_round_trips_uuid_as_base64()
    {
        var status = SampleMessages.RunningStatus();
        var @event = new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = status } };

        var json = MesosJson.Format(@event);
        var parsed = MesosJson.Parse<Event>(json);

        Assert.That(json, Does.Contain("\"state\":\"TASK_RUNNING\""));
        Assert.That(json, Does.Contain("\"source\":\"SOURCE_EXECUTOR\""));
        Assert.That(json, Does.Contain($"\"uuid\":\"{status.Uuid.ToBase64()}\""));
        Assert.That(parsed.Update.Status.Uuid, Is.EqualTo(status.Uuid));
        Assert.That(parsed, Is.EqualTo(@event));
    }

    [Test]
    public void Filters_default_refuse_seconds_is_five_and_unset_fields_are_not_written()
    {
        var filters = new Filters();

        Assert.That(filters.RefuseSeconds, Is.EqualTo(5.0));
        Assert.That(MesosJson.Format(filters), Is.EqualTo("{}"));
    }

    [Test]
    public void Non_ascii_text_is_kept_readable()
    {
        var label = new Label { Key = "owner", Value = "Zoë \"ops\"" };

        var json = MesosJson.Format(label);

        Assert.That(json, Is.EqualTo("{\"key\":\"owner\",\"value\":\"Zoë \\\"ops\\\"\"}"));
        Assert.That(MesosJson.Parse<Label>(json), Is.EqualTo(label));
    }

    // Samples from Mesos's scheduler HTTP API documentation (tabs and all);
    // "force" is a field this protocol subset does not know.
    [Test]
    public void Mesos_documentation_subscribe_request_parses()
    {
        const string json = "{\n   \"type\"\t\t: \"SUBSCRIBE\",\n\n   \"subscribe\"\t: {\n      \"framework_info\"\t: {\n        \"user\" :  \"foo\",\n        \"name\" :  \"Example HTTP Framework\"\n      },\n\n      \"force\" : true\n  }\n}";

        var call = MesosJson.Parse<Call>(json);

        Assert.That(call.Type, Is.EqualTo(Call.Types.Type.Subscribe));
        Assert.That(call.Subscribe.FrameworkInfo.User, Is.EqualTo("foo"));
        Assert.That(call.Subscribe.FrameworkInfo.Name, Is.EqualTo("Example HTTP Framework"));
        Assert.That(call.Subscribe.FrameworkInfo.Id, Is.Null);
    }

    [Test]
    public void Mesos_documentation_subscribed_and_reconcile_samples_parse()
    {
        const string subscribed = "{\n \"type\"\t\t\t: \"SUBSCRIBED\",\n \"subscribed\"\t: {\n     \"framework_id\"               : {\"value\":\"12220-3440-12532-2345\"},\n     \"heartbeat_interval_seconds\" : 15\n  }\n}";
        const string reconcile = "{\n  \"framework_id\"\t: {\"value\" : \"12220-3440-12532-2345\"},\n  \"type\"\t\t\t: \"RECONCILE\",\n  \"reconcile\"\t\t: {\n    \"tasks\"\t\t: [\n                   { \"task_id\"  : { \"value\" : \"312325\" },\n                     \"agent_id\" : { \"value\" : \"123535\" }\n                   }\n                  ]\n  }\n}";

        var @event = MesosJson.Parse<Event>(subscribed);
        var call = MesosJson.Parse<Call>(reconcile);

        Assert.That(@event.Type, Is.EqualTo(Event.Types.Type.Subscribed));
        Assert.That(@event.Subscribed.FrameworkId.Value, Is.EqualTo("12220-3440-12532-2345"));
        Assert.That(@event.Subscribed.HeartbeatIntervalSeconds, Is.EqualTo(15));
        Assert.That(call.Type, Is.EqualTo(Call.Types.Type.Reconcile));
        Assert.That(call.Reconcile.Tasks.Single().AgentId.Value, Is.EqualTo("123535"));
    }

    [Test]
    public void Unknown_fields_and_enum_names_are_ignored()
    {
        var withUnknownType = MesosJson.Parse<Call>("{\"type\":\"NO_SUCH_CALL\",\"framework_id\":{\"value\":\"f\"}}");

        Assert.That(withUnknownType.HasType, Is.False);
        Assert.That(withUnknownType.FrameworkId.Value, Is.EqualTo("f"));
        Assert.That(MesosJson.Parse<Call>("{\"type\":\"REVIVE\",\"something_new\":{\"a\":1}}").Type, Is.EqualTo(Call.Types.Type.Revive));
    }
}
