using System.Text;

namespace Scheduler.Resources;

/// <summary>
/// One named resource with its value, the role it is reserved for (<c>*</c> when unreserved)
/// and, once handed to a framework, the role it is allocated to. Immutable.
/// </summary>
public sealed class Resource : IEquatable<Resource>
{
    private const string ForbiddenNameCharacters = "()[]{},;:";

    private Resource(
        string name,
        ResourceKind kind,
        ScalarValue scalar,
        RangeSet ranges,
        ItemSet items,
        string reservationRole,
        string? allocationRole,
        DynamicReservation? dynamicReservation = null)
    {
        Name = name;
        Kind = kind;
        Scalar = scalar;
        Ranges = ranges;
        Items = items;
        ReservationRole = reservationRole;
        AllocationRole = allocationRole;
        DynamicReservation = dynamicReservation;
    }

    public string Name { get; }

    public ResourceKind Kind { get; }

    /// <summary>The quantity of a scalar resource; zero for other kinds.</summary>
    public ScalarValue Scalar { get; }

    /// <summary>The ranges of a ranges resource; empty for other kinds.</summary>
    public RangeSet Ranges { get; }

    /// <summary>The items of a set resource; empty for other kinds.</summary>
    public ItemSet Items { get; }

    /// <summary>The role the resource is reserved for, or <see cref="RoleName.Unreserved"/>.</summary>
    public string ReservationRole { get; }

    /// <summary>The role the resource has been allocated to, or null when unallocated.</summary>
    public string? AllocationRole { get; }

    /// <summary>Set when the reservation was made by a RESERVE operation rather than by the agent's configuration.</summary>
    public DynamicReservation? DynamicReservation { get; }

    public bool IsReserved => ReservationRole != RoleName.Unreserved;

    public bool IsDynamicallyReserved => DynamicReservation is not null;

    public bool IsAllocated => AllocationRole is not null;

    /// <summary>True for a zero (or, after subtraction, negative) scalar, no ranges or no items.</summary>
    public bool IsEmpty => Kind switch
    {
        ResourceKind.Scalar => Scalar <= ScalarValue.Zero,
        ResourceKind.Ranges => Ranges.IsEmpty,
        _ => Items.IsEmpty,
    };

    public static Resource CreateScalar(
        string name, ScalarValue value, string reservationRole = RoleName.Unreserved, string? allocationRole = null)
    {
        if (value.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Resource '{name}' must not be negative.");
        }

        return Create(name, ResourceKind.Scalar, value, RangeSet.Empty, ItemSet.Empty, reservationRole, allocationRole);
    }

    public static Resource CreateScalar(
        string name, double value, string reservationRole = RoleName.Unreserved, string? allocationRole = null) =>
        CreateScalar(name, ScalarValue.FromDouble(value), reservationRole, allocationRole);

    public static Resource CreateRanges(
        string name, RangeSet ranges, string reservationRole = RoleName.Unreserved, string? allocationRole = null) =>
        Create(name, ResourceKind.Ranges, ScalarValue.Zero, ranges, ItemSet.Empty, reservationRole, allocationRole);

    public static Resource CreateSet(
        string name, ItemSet items, string reservationRole = RoleName.Unreserved, string? allocationRole = null) =>
        Create(name, ResourceKind.Set, ScalarValue.Zero, RangeSet.Empty, items, reservationRole, allocationRole);

    /// <summary>Returns why a text cannot be a resource name, or null when it can.</summary>
    public static string? ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "a resource name must not be empty";
        }

        if (name.Any(char.IsWhiteSpace) || name.Any(char.IsControl))
        {
            return $"resource name '{name}' must not contain whitespace or control characters";
        }

        if (name.IndexOfAny(ForbiddenNameCharacters.ToCharArray()) >= 0)
        {
            return $"resource name '{name}' must not contain any of the characters {ForbiddenNameCharacters}";
        }

        return null;
    }

    /// <summary>The same resource statically reserved for <paramref name="role"/> (<c>*</c> unreserves it).</summary>
    public Resource WithReservation(string role) =>
        Create(Name, Kind, Scalar, Ranges, Items, role, AllocationRole);

    /// <summary>The same resource dynamically reserved for <paramref name="role"/>.</summary>
    public Resource WithDynamicReservation(string role, DynamicReservation reservation)
    {
        if (role == RoleName.Unreserved)
        {
            throw new ArgumentException("A dynamic reservation needs a role other than '*'.", nameof(role));
        }

        return Create(Name, Kind, Scalar, Ranges, Items, role, AllocationRole, reservation);
    }

    public Resource WithAllocation(string? role) =>
        role == AllocationRole ? this : Create(Name, Kind, Scalar, Ranges, Items, ReservationRole, role, DynamicReservation);

    public bool Equals(Resource? other) =>
        other is not null
        && HasSameIdentity(other)
        && Scalar == other.Scalar
        && Ranges == other.Ranges
        && Items == other.Items;

    public override bool Equals(object? obj) => obj is Resource other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(Name, Kind, ReservationRole, AllocationRole, DynamicReservation, Scalar, Ranges, Items);

    /// <summary>
    /// Mesos's text form: <c>cpus:2</c>, <c>disk(eng):100</c>, <c>mem(allocated: web):64</c>,
    /// <c>disk(eng)(allocated: eng):100</c>; a dynamic reservation names its principal: <c>cpus(eng, ops):1</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name);
        if (IsReserved)
        {
            text.Append('(').Append(ReservationRole);
            if (DynamicReservation is not null)
            {
                text.Append(", ").Append(DynamicReservation);
            }

            text.Append(')');
        }

        if (AllocationRole is not null)
        {
            text.Append("(allocated: ").Append(AllocationRole).Append(')');
        }

        return text.Append(':').Append(ValueText()).ToString();
    }

    internal string ValueText() => Kind switch
    {
        ResourceKind.Scalar => Scalar.ToString(),
        ResourceKind.Ranges => Ranges.ToString(),
        _ => Items.ToString(),
    };

    /// <summary>Same name, kind, reservation and allocation: values of such resources add up.</summary>
    internal bool HasSameIdentity(Resource other) =>
        Name == other.Name
        && Kind == other.Kind
        && ReservationRole == other.ReservationRole
        && AllocationRole == other.AllocationRole
        && Equals(DynamicReservation, other.DynamicReservation);

    internal Resource Plus(Resource other) => WithValueOf(
        Scalar + other.Scalar, Ranges.Union(other.Ranges), Items.Union(other.Items));

    /// <summary>What remains after taking away <paramref name="other"/>; may be empty or, for scalars, negative.</summary>
    internal Resource Minus(Resource other) => WithValueOf(
        Scalar - other.Scalar, Ranges.Subtract(other.Ranges), Items.Subtract(other.Items));

    internal bool Includes(Resource other) =>
        HasSameIdentity(other) && Kind switch
        {
            ResourceKind.Scalar => other.Scalar <= Scalar,
            ResourceKind.Ranges => Ranges.Contains(other.Ranges),
            _ => Items.Contains(other.Items),
        };

    private Resource WithValueOf(ScalarValue scalar, RangeSet ranges, ItemSet items) => Kind switch
    {
        ResourceKind.Scalar => new Resource(Name, Kind, scalar, RangeSet.Empty, ItemSet.Empty, ReservationRole, AllocationRole, DynamicReservation),
        ResourceKind.Ranges => new Resource(Name, Kind, ScalarValue.Zero, ranges, ItemSet.Empty, ReservationRole, AllocationRole, DynamicReservation),
        _ => new Resource(Name, Kind, ScalarValue.Zero, RangeSet.Empty, items, ReservationRole, AllocationRole, DynamicReservation),
    };

    private static Resource Create(
        string name,
        ResourceKind kind,
        ScalarValue scalar,
        RangeSet ranges,
        ItemSet items,
        string reservationRole,
        string? allocationRole,
        DynamicReservation? dynamicReservation = null)
    {
        var nameError = ValidateName(name);
        if (nameError is not null)
        {
            throw new ArgumentException(nameError, nameof(name));
        }

        var reservationError = RoleName.Validate(reservationRole);
        if (reservationError is not null)
        {
            throw new ArgumentException(reservationError, nameof(reservationRole));
        }

        if (allocationRole is not null && !RoleName.IsValid(allocationRole))
        {
            throw new ArgumentException($"'{allocationRole}' is not a role resources can be allocated to.", nameof(allocationRole));
        }

        return new Resource(name, kind, scalar, ranges, items, reservationRole, allocationRole,
            reservationRole == RoleName.Unreserved ? null : dynamicReservation);
    }
}
