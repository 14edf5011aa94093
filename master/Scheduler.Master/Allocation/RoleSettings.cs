using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// What operators set for roles: weights (which the role sorter keeps, as they order the roles), quota
/// guarantees and quota limits. Every role name is validated before it is set.
/// </summary>
internal sealed class RoleSettings
{
    private readonly RoleTreeSorter roleSorter;

    public RoleSettings(RoleTreeSorter roleSorter)
    {
        this.roleSorter = roleSorter;
        Guarantees = new QuotaGuarantees(role => roleSorter.Contains(role)
            ? roleSorter.AllocationScalarQuantities(role)
            : new Dictionary<string, double>());
        Limits = new QuotaLimits(roleSorter.SubtreeScalarQuantities);
    }

    public QuotaGuarantees Guarantees { get; }

    public QuotaLimits Limits { get; }

    /// <summary>
    /// Every role the allocator knows of: those with frameworks and the roles above them, and those with
    /// a weight, a quota guarantee or a quota limit; in name order.
    /// </summary>
    public IReadOnlyList<string> KnownRoles =>
        roleSorter.Paths.Concat(roleSorter.WeightedPaths).Concat(Guarantees.Roles).Concat(Limits.Roles)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public void SetWeight(string role, double weight)
    {
        RequireValidName(role);
        roleSorter.UpdateWeight(role, weight);
    }

    public double Weight(string role) => roleSorter.Weight(role);

    public void SetQuotaGuarantee(string role, ResourceSet guarantee)
    {
        RequireValidName(role);
        Guarantees.Set(role, guarantee);
    }

    public IReadOnlyDictionary<string, ScalarValue> QuotaGuarantee(string role) => Guarantees.Of(role);

    public void SetQuotaLimit(string role, IReadOnlyDictionary<string, ScalarValue> limit)
    {
        RequireValidName(role);
        Limits.Set(role, limit);
    }

    public IReadOnlyDictionary<string, ScalarValue> QuotaLimit(string role) => Limits.Of(role);

    private static void RequireValidName(string role)
    {
        var error = RoleName.Validate(role);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(role));
        }
    }
}
