namespace Scheduler.Resources;

/// <summary>
/// How RESERVE and UNRESERVE operations change a set of resources, as Mesos's <c>Resources::apply</c>: a
/// reservation replaces the same quantity of unreserved resources, an unreservation gives them back.
/// </summary>
public static class ReservationConversion
{
    /// <summary>
    /// Replaces, in <paramref name="resources"/>, the unreserved resources under each dynamically reserved
    /// resource of <paramref name="reserved"/> by that reservation. Allocation roles are kept as given.
    /// </summary>
    public static bool TryReserve(ResourceSet resources, ResourceSet reserved, out ResourceSet result, out string error)
    {
        result = resources;
        if (!TryCheckDynamic(reserved, "reserve", out error))
        {
            return false;
        }

        var source = WithoutReservations(reserved);
        if (!resources.Contains(source))
        {
            error = $"{resources} does not contain {source}";
            return false;
        }

        result = resources - source + reserved;
        return true;
    }

    /// <summary>Replaces, in <paramref name="resources"/>, each dynamically reserved resource of
    /// <paramref name="reserved"/> by the same quantity unreserved.</summary>
    public static bool TryUnreserve(ResourceSet resources, ResourceSet reserved, out ResourceSet result, out string error)
    {
        result = resources;
        if (!TryCheckDynamic(reserved, "unreserve", out error))
        {
            return false;
        }

        if (!resources.Contains(reserved))
        {
            error = $"{resources} does not contain {reserved}";
            return false;
        }

        result = resources - reserved + WithoutReservations(reserved);
        return true;
    }

    /// <summary>The same quantities, unreserved; allocation roles are kept.</summary>
    public static ResourceSet WithoutReservations(ResourceSet resources) =>
        ResourceSet.Of(resources.Select(resource => resource.WithReservation(RoleName.Unreserved)));

    private static bool TryCheckDynamic(ResourceSet resources, string operation, out string error)
    {
        error = string.Empty;
        if (resources.IsEmpty)
        {
            error = $"There are no resources to {operation}";
            return false;
        }

        var notDynamic = resources.FirstOrDefault(resource => !resource.IsDynamicallyReserved);
        if (notDynamic is not null)
        {
            error = $"Resource {notDynamic} is not dynamically reserved";
            return false;
        }

        return true;
    }
}
