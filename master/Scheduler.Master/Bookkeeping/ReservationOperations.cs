using Scheduler.Protocol.V1;
using Scheduler.Resources;
using ProtoResource = Scheduler.Protocol.V1.Resource;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Checks RESERVE and UNRESERVE operations as Mesos's master does and works out what they turn resources
/// into. A framework reserves and unreserves what it holds of an offer, for one of its roles; an operator
/// reserves and unreserves what an agent has free.
/// </summary>
public static class ReservationOperations
{
    /// <param name="offerRole">The role the offer was made to: resources without an allocation role are taken
    /// to be allocated to it, as Mesos does for frameworks that predate multi-role.</param>
    /// <param name="held">What the framework still holds of its offers on the agent.</param>
    /// <param name="reserved">The reserved resources, allocated to their role.</param>
    /// <param name="after"><paramref name="held"/> after the operation.</param>
    public static string? ValidateReserve(
        FrameworkRecord framework, IEnumerable<ProtoResource> resources, string offerRole, ResourceSet held,
        out ResourceSet reserved, out ResourceSet after)
    {
        after = held;
        if (!TryRead(resources, offerRole, out reserved, out var error)) return error;
        var roles = reserved.AllocationRoles();
        if (roles.Count > 1)
            return $"Invalid reservation resources: expecting resources to be allocated to a single role, found {string.Join(", ", roles)}";
        foreach (var resource in reserved)
        {
            if (!resource.IsDynamicallyReserved) return $"Resource {resource} is not dynamically reserved";
            if (resource.AllocationRole != resource.ReservationRole)
                return $"A reserve operation was attempted for a resource with role '{resource.ReservationRole}', " +
                       $"but the resource was allocated to role '{resource.AllocationRole}'";
            if (!framework.Roles.Contains(resource.ReservationRole))
                return $"A reserve operation was attempted for a resource with role '{resource.ReservationRole}', " +
                       $"but the framework can only reserve resources with roles '{string.Join(", ", framework.Roles)}'";
        }
        return ReservationConversion.TryReserve(held, reserved, out after, out error) ? null : $"Invalid RESERVE operation: {error}";
    }

    /// <param name="unreserved">The reserved resources that become unreserved, allocated to their role.</param>
    public static string? ValidateUnreserve(
        IEnumerable<ProtoResource> resources, string offerRole, ResourceSet held, out ResourceSet unreserved, out ResourceSet after)
    {
        after = held;
        if (!TryRead(resources, offerRole, out unreserved, out var error)) return error;
        return ReservationConversion.TryUnreserve(held, unreserved, out after, out error) ? null : $"Invalid UNRESERVE operation: {error}";
    }

    /// <summary>An operator's reservation: of free resources, so nothing in it may be allocated.</summary>
    public static string? ValidateOperatorReservation(IEnumerable<ProtoResource> resources, out ResourceSet parsed)
    {
        if (!ResourceSet.TryFromProto(resources, out parsed, out var error)) return $"Invalid resources: {error}";
        if (parsed.IsEmpty) return "Invalid resources: there are no resources";
        var allocated = parsed.FirstOrDefault(resource => resource.IsAllocated);
        if (allocated is not null)
            return "A reserve operation was attempted with an allocated resource, " +
                   "but the operator API only allows reservations to be made to unallocated resources";
        var notDynamic = parsed.FirstOrDefault(resource => !resource.IsDynamicallyReserved);
        return notDynamic is null ? null : $"Resource {notDynamic} is not dynamically reserved";
    }

    private static bool TryRead(IEnumerable<ProtoResource> resources, string offerRole, out ResourceSet parsed, out string error)
    {
        if (!ResourceSet.TryFromProto(resources, out parsed, out error))
        {
            error = $"Invalid resources: {error}";
            return false;
        }
        if (parsed.IsEmpty)
        {
            error = "Invalid resources: there are no resources";
            return false;
        }
        parsed = OfferRole.Inject(parsed, offerRole);
        return true;
    }
}
