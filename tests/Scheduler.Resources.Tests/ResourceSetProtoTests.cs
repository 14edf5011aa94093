using Scheduler.Protocol.V1;
using ProtoResource = Scheduler.Protocol.V1.Resource;

namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class ResourceSetProtoTests
{
    [Test]
    public void Writes_mesos_protobuf_fields()
    {
        var protos = ResourceSet.Parse("cpus:0.5;ports:[31000-32000];zones:{a,b};disk(eng):100").Allocate("eng").ToProto();

        Assert.That(protos, Has.Count.EqualTo(4));
        var cpus = protos.Single(proto => proto.Name == "cpus");
        Assert.That(cpus.Type, Is.EqualTo(Value.Types.Type.Scalar));
        Assert.That(cpus.Scalar.Value, Is.EqualTo(0.5));
        Assert.That(cpus.Reservations, Is.Empty);
        Assert.That(cpus.AllocationInfo.Role, Is.EqualTo("eng"));

        var ports = protos.Single(proto => proto.Name == "ports");
        Assert.That(ports.Type, Is.EqualTo(Value.Types.Type.Ranges));
        Assert.That(ports.Ranges.Range.Single().Begin, Is.EqualTo(31000UL));
        Assert.That(ports.Ranges.Range.Single().End, Is.EqualTo(32000UL));

        var zones = protos.Single(proto => proto.Name == "zones");
        Assert.That(zones.Type, Is.EqualTo(Value.Types.Type.Set));
        Assert.That(zones.Set.Item, Is.EqualTo(new[] { "a", "b" }));

        var disk = protos.Single(proto => proto.Name == "disk");
        Assert.That(disk.Reservations.Single().Role, Is.EqualTo("eng"));
        Assert.That(disk.Reservations.Single().Type, Is.EqualTo(ProtoResource.Types.ReservationInfo.Types.Type.Static));
    }

    [Test]
    public void Reads_the_current_reservation_from_the_end_of_the_stack()
    {
        var proto = Scalar("cpus", 2);
        proto.Reservations.Add(new ProtoResource.Types.ReservationInfo { Role = "eng" });
        proto.Reservations.Add(new ProtoResource.Types.ReservationInfo { Role = "eng/batch" });

        Assert.That(ResourceSet.FromProto([proto]), Is.EqualTo(ResourceSet.Parse("cpus(eng/batch):2")));
    }

    [Test]
    public void Reads_the_legacy_role_field()
    {
        var proto = Scalar("mem", 64);
        proto.Role = "web";

        Assert.That(ResourceSet.FromProto([proto]), Is.EqualTo(ResourceSet.Parse("mem(web):64")));
    }

    [Test]
    public void Rounds_scalars_to_thousandths_and_merges_duplicates()
    {
        var set = ResourceSet.FromProto([Scalar("cpus", 0.1 + 0.2), Scalar("cpus", 0.7)]);

        Assert.That(set, Is.EqualTo(ResourceSet.Parse("cpus:1")));
    }

    [Test]
    public void Reports_invalid_messages()
    {
        var negative = Scalar("cpus", -1);
        var text = new ProtoResource { Name = "label", Type = Value.Types.Type.Text };
        var missingValue = new ProtoResource { Name = "ports", Type = Value.Types.Type.Ranges };
        var revocable = Scalar("cpus", 1);
        revocable.Revocable = new ProtoResource.Types.RevocableInfo();

        Assert.Multiple(() =>
        {
            Assert.That(Error(negative), Does.Contain("'cpus'").And.Contain("non-negative"));
            Assert.That(Error(text), Does.Contain("'label'").And.Contain("not a resource type"));
            Assert.That(Error(missingValue), Does.Contain("has no ranges"));
            Assert.That(Error(revocable), Does.Contain("revocable resources are not supported"));
        });
    }

    private static string Error(ProtoResource proto)
    {
        Assert.That(ResourceSet.TryFromProto([proto], out _, out var error), Is.False);
        return error;
    }

    private static ProtoResource Scalar(string name, double value) => new()
    {
        Name = name,
        Type = Value.Types.Type.Scalar,
        Scalar = new Value.Types.Scalar { Value = value },
    };
}
