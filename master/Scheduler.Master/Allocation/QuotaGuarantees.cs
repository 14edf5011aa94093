using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The roles' quota guarantees and what each still lacks, given what the role holds. Quantities are
/// in thousandths by resource name, as the fixed-point scalars keep them.
/// </summary>
internal sealed class QuotaGuarantees(Func<string, IReadOnlyDictionary<string, double>> allocatedTo)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, ScalarValue>> guarantees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> owedThisCycle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> owedInTotalThisCycle = new(StringComparer.Ordinal);

    public int Count => guarantees.Count;

    public IEnumerable<string> Roles => guarantees.Keys;

    public bool Has(string role) => guarantees.ContainsKey(role);

    /// <summary>Sets the role's guarantee; an empty one removes it.</summary>
    public void Set(string role, ResourceSet guarantee)
    {
        var quantities = guarantee.ScalarTotals();
        if (quantities.Count == 0)
        {
            guarantees.Remove(role);
        }
        else
        {
            guarantees[role] = quantities;
        }
    }

    public IReadOnlyDictionary<string, ScalarValue> Of(string role) =>
        guarantees.TryGetValue(role, out var guarantee) ? guarantee : new Dictionary<string, ScalarValue>();

    /// <summary>What the role still lacks of its guarantee; empty when it is met or the role has none.</summary>
    public Dictionary<string, long> Owed(string role)
    {
        var owed = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!guarantees.TryGetValue(role, out var guarantee))
        {
            return owed;
        }

        var allocated = allocatedTo(role);
        foreach (var (name, quantity) in guarantee)
        {
            var held = ScalarValue.FromDouble(allocated.GetValueOrDefault(name)).Thousandths;
            if (held < quantity.Thousandths)
            {
                owed[name] = quantity.Thousandths - held;
            }
        }

        return owed;
    }

    /// <summary>
    /// Works out, once at the start of an allocation cycle, what every role still lacks; during the cycle
    /// <see cref="Refresh"/> keeps it up to date for the roles that get resources, so a cycle does not recompute
    /// every role's shortfall for every agent.
    /// </summary>
    public void StartCycle()
    {
        owedThisCycle.Clear();
        owedInTotalThisCycle.Clear();
        foreach (var role in guarantees.Keys)
        {
            Track(role);
        }
    }

    /// <summary>Whether the role lacked part of its guarantee when last looked at in this cycle.</summary>
    public bool IsOwedThisCycle(string role) => owedThisCycle.ContainsKey(role);

    public bool AnyOwedThisCycle => owedThisCycle.Count > 0;

    /// <summary>What all roles together still lack in this cycle, kept up to date by <see cref="Refresh"/>.</summary>
    public Dictionary<string, long> OwedInTotalThisCycle => owedInTotalThisCycle;

    /// <summary>Looks again at what the role and the roles above it lack, after the role got resources.</summary>
    public void Refresh(string role)
    {
        for (var path = role; path.Length > 0; path = path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "")
        {
            if (!guarantees.ContainsKey(path))
            {
                continue;
            }

            if (owedThisCycle.Remove(path, out var before))
            {
                foreach (var (name, owed) in before)
                {
                    owedInTotalThisCycle[name] -= owed;
                }
            }

            Track(path);
        }
    }

    private void Track(string role)
    {
        var owed = Owed(role);
        if (owed.Count == 0)
        {
            return;
        }

        owedThisCycle[role] = owed;
        foreach (var (name, quantity) in owed)
        {
            owedInTotalThisCycle[name] = owedInTotalThisCycle.GetValueOrDefault(name) + quantity;
        }
    }
}
