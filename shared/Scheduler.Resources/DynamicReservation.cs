namespace Scheduler.Resources;

/// <summary>
/// What sets a dynamic reservation (made by a RESERVE operation) apart from a static one (from the agent's
/// configuration): the principal that made it and its labels. Two resources reserved for the same role by
/// different principals, or with different labels, are different reservations and never add up.
/// </summary>
public sealed class DynamicReservation : IEquatable<DynamicReservation>
{
    public DynamicReservation(string? principal = null, IEnumerable<KeyValuePair<string, string?>>? labels = null)
    {
        Principal = principal;
        Labels = (labels ?? []).ToArray();
    }

    /// <summary>The principal that made the reservation, if it gave one.</summary>
    public string? Principal { get; }

    /// <summary>Labels in the order they were given; values may be absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Labels { get; }

    public bool Equals(DynamicReservation? other) =>
        other is not null && Principal == other.Principal && Labels.SequenceEqual(other.Labels);

    public override bool Equals(object? obj) => obj is DynamicReservation other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Principal);
        foreach (var label in Labels)
        {
            hash.Add(label.Key);
            hash.Add(label.Value);
        }

        return hash.ToHashCode();
    }

    /// <summary>How the reservation reads after the role in a resource's text form: the principal, or <c>dynamic</c>.</summary>
    public override string ToString() => Principal ?? "dynamic";
}
