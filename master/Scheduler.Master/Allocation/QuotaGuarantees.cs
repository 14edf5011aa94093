using Scheduler.Resources;

namespace Scheduler.Master.Allocation;

/// <summary>
/// The roles' quota guarantees and what each still lacks, given what the role holds. Quantities are
/// in thousandths by resource name, as the fixed-point scalars keep them.
/// </summary>
internal sealed class QuotaGuarantees(Func<string, IReadOnlyDictionary<string, double>> allocatedTo)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, ScalarValue>> guarantees = new(StringComparer.Ordinal);

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

    public bool IsOwed(string role) => Has(role) && Owed(role).Count > 0;

    /// <summary>What all roles together still lack of their guarantees.</summary>
    public Dictionary<string, long> OwedInTotal()
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var role in guarantees.Keys)
        {
            foreach (var (name, owed) in Owed(role))
            {
                total[name] = total.GetValueOrDefault(name) + owed;
            }
        }

        return total;
    }
}
