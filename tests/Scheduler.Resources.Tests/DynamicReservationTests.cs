using Scheduler.Protocol.V1;
using ProtoResource = Scheduler.Protocol.V1.Resource;
using ReservationType = Scheduler.Protocol.V1.Resource.Types.ReservationInfo.Types.Type;

namespace Scheduler.Resources.Tests;

[TestFixture]
public sealed class DynamicReservationTests
{
    private static readonly DynamicReservation ByOps = new("ops", [new("team", "web"), new("flag", null)]);

    [Test]
    public void A_dynamic_reservation_survives_a_protobuf_round_trip_with_its_principal_and_labels()
    {
        var reserved = ResourceSet.Of(Resource.CreateScalar("cpus", 2).WithDynamicReservation("eng", ByOps));

        var proto = reserved.ToProto().Single();
        var reservation = proto.Reservations.Single();
        Assert.That(reservation.Type, Is.EqualTo(ReservationType.Dynamic));
        Assert.That(reservation.Role, Is.EqualTo("eng"));
        Assert.That(reservation.Principal, Is.EqualTo("ops"));
        Assert.That(reservation.Labels.Labels_.Select(l => l.Key), Is.EqualTo(new[] { "team", "flag" }));
        Assert.That(reservation.Labels.Labels_[1].HasValue, Is.False);
        Assert.That(ResourceSet.FromProto([proto]), Is.EqualTo(reserved));
    }

    [Test]
    public void The_legacy_role_and_reservation_fields_read_as_a_dynamic_reservation()
    {
        var proto = new ProtoResource
        {
            Name = "mem", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 64 },
            Role = "eng", Reservation = new ProtoResource.Types.ReservationInfo { Principal = "ops" },
        };

        var resource = ResourceSet.FromProto([proto]).Single();

        Assert.That(resource.ReservationRole, Is.EqualTo("eng"));
        Assert.That(resource.DynamicReservation?.Principal, Is.EqualTo("ops"));
    }

    [Test]
    public void Reservations_by_different_principals_do_not_add_up()
    {
        var byOps = Resource.CreateScalar("cpus", 1).WithDynamicReservation("eng", new DynamicReservation("ops"));
        var byDev = Resource.CreateScalar("cpus", 1).WithDynamicReservation("eng", new DynamicReservation("dev"));

        var both = ResourceSet.Of(byOps, byDev);

        Assert.That(both, Has.Count.EqualTo(2));
        Assert.That(both.Contains(ResourceSet.Of(Resource.CreateScalar("cpus", 2).WithDynamicReservation("eng", new DynamicReservation("ops")))), Is.False);
        Assert.That(both.Reserved("eng").Scalar("cpus"), Is.EqualTo(2));
    }

    [Test]
    public void Static_and_dynamic_reservations_for_one_role_are_different_resources()
    {
        var total = ResourceSet.Parse("cpus(eng):1");
        var dynamic = ResourceSet.Of(Resource.CreateScalar("cpus", 1).WithDynamicReservation("eng", new DynamicReservation()));

        Assert.That(total.Contains(dynamic), Is.False);
        Assert.That(dynamic.ToString(), Is.EqualTo("cpus(eng, dynamic):1"));
    }

    [Test]
    public void A_dynamic_reservation_refining_another_is_rejected()
    {
        var proto = new ProtoResource { Name = "cpus", Type = Value.Types.Type.Scalar, Scalar = new Value.Types.Scalar { Value = 1 } };
        proto.Reservations.Add(new ProtoResource.Types.ReservationInfo { Type = ReservationType.Static, Role = "eng" });
        proto.Reservations.Add(new ProtoResource.Types.ReservationInfo { Type = ReservationType.Dynamic, Role = "eng/batch" });

        Assert.That(ResourceSet.TryFromProto([proto], out _, out var error), Is.False);
        Assert.That(error, Does.Contain("refining a reservation with a dynamic one is not supported"));
    }

    [Test]
    public void Reserve_replaces_unreserved_resources_and_keeps_the_rest()
    {
        var offered = ResourceSet.Parse("cpus:4;mem:1024").Allocate("eng");
        var reserved = ResourceSet.Of(
            Resource.CreateScalar("cpus", 1).WithDynamicReservation("eng", ByOps).WithAllocation("eng"));

        Assert.That(ReservationConversion.TryReserve(offered, reserved, out var after, out var error), Is.True, error);

        Assert.That(after.Unreserved().Scalar("cpus"), Is.EqualTo(3));
        Assert.That(after.Reserved("eng").Scalar("cpus"), Is.EqualTo(1));
        Assert.That(after.Scalar("mem"), Is.EqualTo(1024));
        Assert.That(after.ScalarQuantities(), Is.EqualTo(offered.ScalarQuantities()));
    }

    [Test]
    public void Reserve_of_more_than_is_there_or_of_a_static_reservation_fails_with_the_reason()
    {
        var offered = ResourceSet.Parse("cpus:1");

        var tooMuch = ResourceSet.Of(Resource.CreateScalar("cpus", 2).WithDynamicReservation("eng", ByOps));
        Assert.That(ReservationConversion.TryReserve(offered, tooMuch, out var unchanged, out var error), Is.False);
        Assert.That(error, Does.Contain("does not contain cpus:2"));
        Assert.That(unchanged, Is.EqualTo(offered));

        Assert.That(ReservationConversion.TryReserve(offered, ResourceSet.Parse("cpus(eng):1"), out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("Resource cpus(eng):1 is not dynamically reserved"));
    }

    [Test]
    public void Unreserve_gives_the_reserved_quantity_back_unreserved()
    {
        var reserved = Resource.CreateScalar("cpus", 1).WithDynamicReservation("eng", ByOps);
        var total = ResourceSet.Parse("cpus:3") + reserved;

        Assert.That(ReservationConversion.TryUnreserve(total, ResourceSet.Of(reserved), out var after, out var error), Is.True, error);
        Assert.That(after, Is.EqualTo(ResourceSet.Parse("cpus:4")));

        Assert.That(ReservationConversion.TryUnreserve(after, ResourceSet.Of(reserved), out _, out error), Is.False);
        Assert.That(error, Does.Contain("does not contain"));
    }
}
