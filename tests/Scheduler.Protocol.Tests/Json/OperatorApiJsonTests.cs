using Google.Protobuf;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Protocol.Tests.Json;

/// <summary>The operator API's messages read and write the JSON Mesos documents, with Mesos's numbers on the wire.</summary>
[TestFixture]
public class OperatorApiJsonTests
{
    [Test]
    public void A_get_version_response_from_the_mesos_documentation_parses()
    {
        const string json = """
            {"type":"GET_VERSION","get_version":{"version_info":{"version":"1.0.0","build_date":"2016-06-24 23:18:37",
            "build_time":1466810317,"build_user":"root"}}}
            """;

        var response = MesosJson.Parse<Response>(json);

        Assert.That(response.Type, Is.EqualTo(Response.Types.Type.GetVersion));
        Assert.That(response.GetVersion.VersionInfo.Version, Is.EqualTo("1.0.0"));
        Assert.That(response.GetVersion.VersionInfo.BuildTime, Is.EqualTo(1466810317));
    }

    [Test]
    public void A_call_is_written_with_the_type_name_mesos_uses()
    {
        Assert.That(MesosJson.Format(new Call { Type = Call.Types.Type.GetAgents }), Is.EqualTo("""{"type":"GET_AGENTS"}"""));
    }

    [TestCase(Call.Types.Type.GetHealth, 1)]
    [TestCase(Call.Types.Type.GetState, 9)]
    [TestCase(Call.Types.Type.GetTasks, 13)]
    [TestCase(Call.Types.Type.GetMaster, 17)]
    [TestCase(Call.Types.Type.Subscribe, 18)]
    [TestCase(Call.Types.Type.MarkAgentGone, 32)]
    [TestCase(Call.Types.Type.GetOperations, 33)]
    public void Call_types_have_the_numbers_of_mesos(Call.Types.Type type, int number)
    {
        Assert.That((int)type, Is.EqualTo(number));
    }

    [Test]
    public void Response_fields_have_the_numbers_of_mesos()
    {
        var response = new Response { Type = Response.Types.Type.GetMaster, GetMaster = new Response.Types.GetMaster { StartTime = 1 } };
        var bytes = response.ToByteArray();

        // field 1 varint 15 (GET_MASTER), then field 16 length-delimited: tag (16 << 3 | 2) = 130 as the varint 0x82 0x01.
        Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x08, 15, 0x82, 0x01 }));
    }
}
