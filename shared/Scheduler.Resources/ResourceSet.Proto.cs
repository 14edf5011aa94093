using Scheduler.Protocol.V1;
using ProtoResource = Scheduler.Protocol.V1.Resource;

namespace Scheduler.Resources;

/// <summary>Conversion to and from Mesos's v1 protobuf <c>Resource</c> messages.</summary>
public sealed partial class ResourceSet
{
    /// <summary>Reads protobuf resources, throwing <see cref="FormatException"/> when one is not valid.</summary>
    public static ResourceSet FromProto(IEnumerable<ProtoResource> resources) =>
        TryFromProto(resources, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>
    /// Reads protobuf resources. The reservation is the last entry of <c>reservations</c> (or the legacy
    /// <c>role</c> and <c>reservation</c> fields); a DYNAMIC one keeps its principal and labels. Refining a
    /// dynamic reservation (a stack ending in DYNAMIC on top of another reservation) is not supported.
    /// Disk, revocable, shared and resource-provider resources are rejected as unsupported.
    /// </summary>
    public static bool TryFromProto(IEnumerable<ProtoResource> resources, out ResourceSet result, out string error)
    {
        result = Empty;
        var converted = new List<Resource>();
        foreach (var proto in resources)
        {
            if (!TryConvert(proto, out var resource, out var reason))
            {
                error = $"Invalid resource '{proto.Name}': {reason}";
                return false;
            }

            converted.Add(resource);
        }

        result = Of(converted);
        error = string.Empty;
        return true;
    }

    /// <summary>Writes each resource as a protobuf message; a reservation is written as one STATIC or DYNAMIC entry.</summary>
    public IReadOnlyList<ProtoResource> ToProto() => entries.Select(ToProtoResource).ToList();

    private static ProtoResource ToProtoResource(Resource resource)
    {
        var proto = new ProtoResource { Name = resource.Name };
        switch (resource.Kind)
        {
            case ResourceKind.Scalar:
                proto.Type = Value.Types.Type.Scalar;
                proto.Scalar = new Value.Types.Scalar { Value = resource.Scalar.ToDouble() };
                break;
            case ResourceKind.Ranges:
                proto.Type = Value.Types.Type.Ranges;
                proto.Ranges = new Value.Types.Ranges();
                proto.Ranges.Range.AddRange(resource.Ranges.Ranges.Select(
                    range => new Value.Types.Range { Begin = range.Begin, End = range.End }));
                break;
            default:
                proto.Type = Value.Types.Type.Set;
                proto.Set = new Value.Types.Set();
                proto.Set.Item.AddRange(resource.Items);
                break;
        }

        if (resource.IsReserved)
        {
            proto.Reservations.Add(ToProtoReservation(resource));
        }

        if (resource.AllocationRole is not null)
        {
            proto.AllocationInfo = new ProtoResource.Types.AllocationInfo { Role = resource.AllocationRole };
        }

        return proto;
    }

    private static ProtoResource.Types.ReservationInfo ToProtoReservation(Resource resource)
    {
        var reservation = new ProtoResource.Types.ReservationInfo { Role = resource.ReservationRole };
        if (resource.DynamicReservation is not { } dynamic)
        {
            reservation.Type = ProtoResource.Types.ReservationInfo.Types.Type.Static;
            return reservation;
        }

        reservation.Type = ProtoResource.Types.ReservationInfo.Types.Type.Dynamic;
        if (dynamic.Principal is not null)
        {
            reservation.Principal = dynamic.Principal;
        }

        if (dynamic.Labels.Count > 0)
        {
            reservation.Labels = new Labels();
            reservation.Labels.Labels_.AddRange(dynamic.Labels.Select(label =>
                label.Value is null ? new Label { Key = label.Key } : new Label { Key = label.Key, Value = label.Value }));
        }

        return reservation;
    }

    private static bool TryConvert(ProtoResource proto, out Resource resource, out string reason)
    {
        resource = null!;
        var unsupported = UnsupportedFeature(proto);
        if (unsupported is not null)
        {
            reason = $"{unsupported} resources are not supported";
            return false;
        }

        var nameError = Resource.ValidateName(proto.Name);
        if (nameError is not null)
        {
            reason = nameError;
            return false;
        }

        if (!TryReadReservationRole(proto, out var reservationRole, out reason)
            || !TryReadDynamicReservation(proto, reservationRole, out var dynamic, out reason)
            || !TryReadAllocationRole(proto, out var allocationRole, out reason))
        {
            return false;
        }

        var read = proto.Type switch
        {
            Value.Types.Type.Scalar => TryReadScalar(proto, reservationRole, allocationRole, out resource, out reason),
            Value.Types.Type.Ranges => TryReadRanges(proto, reservationRole, allocationRole, out resource, out reason),
            Value.Types.Type.Set => TryReadSet(proto, reservationRole, allocationRole, out resource, out reason),
            _ => NotAResourceType(proto.Type, out resource, out reason),
        };
        if (read && dynamic is not null)
        {
            resource = resource.WithDynamicReservation(reservationRole, dynamic);
        }

        return read;
    }

    private static bool NotAResourceType(Value.Types.Type type, out Resource resource, out string reason)
    {
        resource = null!;
        reason = $"type {type} is not a resource type";
        return false;
    }

    private static bool TryReadDynamicReservation(
        ProtoResource proto, string role, out DynamicReservation? dynamic, out string reason)
    {
        dynamic = null;
        reason = string.Empty;
        ProtoResource.Types.ReservationInfo? info;
        if (proto.Reservations.Count > 0)
        {
            info = proto.Reservations[^1];
            if (info.Type != ProtoResource.Types.ReservationInfo.Types.Type.Dynamic)
            {
                return true;
            }

            if (proto.Reservations.Count > 1)
            {
                reason = "refining a reservation with a dynamic one is not supported";
                return false;
            }

            if (role == RoleName.Unreserved)
            {
                reason = "a dynamic reservation must be for a role other than '*'";
                return false;
            }
        }
        else if (role != RoleName.Unreserved && proto.Reservation is not null)
        {
            info = proto.Reservation;
        }
        else
        {
            return true;
        }

        var labels = info.Labels?.Labels_.Select(label =>
            new KeyValuePair<string, string?>(label.Key, label.HasValue ? label.Value : null));
        dynamic = new DynamicReservation(info.HasPrincipal ? info.Principal : null, labels);
        return true;
    }

    private static string? UnsupportedFeature(ProtoResource proto)
    {
        if (proto.Disk is not null)
        {
            return "disk-info";
        }

        if (proto.Revocable is not null)
        {
            return "revocable";
        }

        if (proto.Shared is not null)
        {
            return "shared";
        }

        return proto.ProviderId is not null ? "resource-provider" : null;
    }

    private static bool TryReadReservationRole(ProtoResource proto, out string role, out string reason)
    {
        role = RoleName.Unreserved;
        if (proto.Reservations.Count > 0)
        {
            var current = proto.Reservations[^1];
            if (!current.HasRole)
            {
                reason = "its reservation has no role";
                return false;
            }

            role = current.Role;
        }
        else if (proto.HasRole)
        {
            role = proto.Role;
        }

        reason = RoleName.Validate(role) ?? string.Empty;
        return reason.Length == 0;
    }

    private static bool TryReadAllocationRole(ProtoResource proto, out string? role, out string reason)
    {
        role = proto.AllocationInfo is { HasRole: true } allocation ? allocation.Role : null;
        reason = role is null ? string.Empty : RoleName.Validate(role) ?? string.Empty;
        return reason.Length == 0;
    }

    private static bool TryReadScalar(
        ProtoResource proto, string reservationRole, string? allocationRole, out Resource resource, out string reason)
    {
        resource = null!;
        if (proto.Scalar is null)
        {
            reason = "a SCALAR resource has no scalar value";
            return false;
        }

        var value = proto.Scalar.Value;
        if (!double.IsFinite(value) || value < 0 || Math.Abs(value) >= long.MaxValue / ScalarValue.ThousandthsPerUnit)
        {
            reason = $"scalar value {value} must be a finite, non-negative number";
            return false;
        }

        resource = Resource.CreateScalar(proto.Name, ScalarValue.FromDouble(value), reservationRole, allocationRole);
        reason = string.Empty;
        return true;
    }

    private static bool TryReadRanges(
        ProtoResource proto, string reservationRole, string? allocationRole, out Resource resource, out string reason)
    {
        resource = null!;
        if (proto.Ranges is null)
        {
            reason = "a RANGES resource has no ranges";
            return false;
        }

        var ranges = new List<ValueRange>();
        foreach (var range in proto.Ranges.Range)
        {
            if (range.Begin > range.End)
            {
                reason = $"range {range.Begin}-{range.End} begins after it ends";
                return false;
            }

            ranges.Add(new ValueRange(range.Begin, range.End));
        }

        resource = Resource.CreateRanges(proto.Name, RangeSet.Of(ranges), reservationRole, allocationRole);
        reason = string.Empty;
        return true;
    }

    private static bool TryReadSet(
        ProtoResource proto, string reservationRole, string? allocationRole, out Resource resource, out string reason)
    {
        resource = null!;
        if (proto.Set is null)
        {
            reason = "a SET resource has no set";
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in proto.Set.Item)
        {
            var itemError = ItemSet.ValidateItem(item);
            if (itemError is not null)
            {
                reason = itemError;
                return false;
            }

            if (!seen.Add(item))
            {
                reason = $"set item '{item}' appears more than once";
                return false;
            }
        }

        resource = Resource.CreateSet(proto.Name, ItemSet.Of(seen), reservationRole, allocationRole);
        reason = string.Empty;
        return true;
    }
}
