using Scheduler.Fuzzing;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using WireFormat = Scheduler.Master.Http.WireFormat;

namespace Scheduler.Master.Tests.Fuzzing;

/// <summary>Inputs the fuzzer once broke the master with, kept so that they never do again.</summary>
[TestFixture]
public sealed class FuzzRegressionTests
{
    /// <summary>UPDATE_QUOTA with a misspelt field in a map value: checking its required fields threw InvalidCastException.</summary>
    private const string QuotaMapBody =
        "eyJ0eXBlIjoiVVBEQVRFX1FVT1RBIiwidXBkYXRlX3F1b3RhIjp7ImZvcmNlIjp0cnVlLCJxdW90YV9jb25maWdzIjpbeyJyb2xlIjoid2ViIiwiZ3VhcmFudGVlcyI6eyJjcHVzIjp7InZBbHVlIjoxfX0sImxpbWl0cyI6eyJjcHVzIjp7InZhbHVlIjo0fSwibWVtIjp7InZhbHVlIjoxMDI0fX19XX19";

    /// <summary>DRAIN_AGENT with a mangled field name: checking required fields asked a proto3 Duration's seconds for presence and threw.</summary>
    private const string DrainDurationBody =
        "eyJ0eXBlIjoiRFJBSU5fQUdFTlQiLCJkcmFpbl9hZ2VudCI6eyJhZ2VugHRfaWQiOnsidmFsdWUiOiJBMSJ9LCJtYXhfZ3JhY2VfcGVyaW9kIjoiMzBzIiwibWFya19nb25lIjpmYWxzZX19";

    [TestCase(QuotaMapBody)]
    [TestCase(DrainDurationBody)]
    public void An_operator_call_missing_a_required_field_inside_a_map_or_beside_a_duration_is_refused_not_thrown(string body)
    {
        var input = new FuzzCase("operator-call-decoder", "regression", Convert.FromBase64String(body), WireFormat.Kind.Json);

        Assert.That(new DecoderTarget(CallFamily.Operator).Execute(input), Is.EqualTo(FuzzVerdict.Rejected));
    }

    /// <summary>An ACCEPT naming one offer twice counted its resources twice: tasks beyond the offer launched and the books broke.</summary>
    [Test]
    public void An_accept_naming_an_offer_twice_launches_nothing_and_returns_the_offer()
    {
        var master = new MasterUnderTest();
        var agentId = master.AddAgent("cpus:1;mem:256");
        var framework = master.Subscribe("twice");
        var offer = master.SingleOfferTo(framework);

        var effects = master.Call(framework, Calls.Accept(framework.Id, [offer.Id.Value, offer.Id.Value],
            [TaskInfos.Shell("a", "cpus:1;mem:256"), TaskInfos.Shell("b", "cpus:1;mem:256")], refuseSeconds: null));

        var updates = effects.UpdatesTo(framework.Id);
        Assert.Multiple(() =>
        {
            Assert.That(effects.MessagesTo<Scheduler.Protocol.Internal.RunTask>(agentId), Is.Empty);
            Assert.That(updates.Select(u => u.State), Is.EqualTo(new[] { TaskState.TaskDropped, TaskState.TaskDropped }));
            Assert.That(updates[0].Message, Is.EqualTo($"Duplicate offer {offer.Id.Value} in offer list"));
            Assert.That(master.Agent(agentId).Used, Is.EqualTo(ResourceSet.Empty));
            Assert.That(master.Agent(agentId).Offered, Is.EqualTo(ResourceSet.Empty));
            Assert.That(master.Core.Offers, Is.Empty);
        });
    }
}
