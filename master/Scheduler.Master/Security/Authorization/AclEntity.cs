namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// The subjects or the objects of one ACL rule: <c>{"values": [...]}</c>, <c>{"type": "ANY"}</c> or <c>{"type": "NONE"}</c>.
/// </summary>
public sealed record AclEntity(AclEntityType Type, IReadOnlyList<string> Values)
{
    public static readonly AclEntity Any = new(AclEntityType.Any, []);
    public static readonly AclEntity None = new(AclEntityType.None, []);

    public static AclEntity Of(params string[] values) => new(AclEntityType.Some, values);

    /// <summary>
    /// Whether a request for <paramref name="value"/> (null: a request that names no one, which only ANY and NONE
    /// cover) falls under this entity. With <paramref name="hierarchicalRoles"/>, a value <c>eng/%</c> covers every
    /// role below <c>eng</c>, as in Mesos.
    /// </summary>
    public bool Covers(string? value, bool hierarchicalRoles = false)
    {
        if (Type != AclEntityType.Some) return true;
        if (value is null) return false;
        foreach (var listed in Values)
        {
            if (listed == value) return true;
            if (hierarchicalRoles && listed.EndsWith("/%", StringComparison.Ordinal)
                && value.StartsWith(listed[..^1], StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
