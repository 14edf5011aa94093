using System.Globalization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Quota;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Checks an <c>UPDATE_QUOTA</c> call as Mesos 1.9+ does, with Mesos's messages: each config on its own (role,
/// finite non-negative scalars, guarantees within limits), then against the cluster unless forced (no role
/// already holds more than its new limits; the guarantees together fit the cluster's capacity).
/// </summary>
public static class QuotaConfigValidation
{
    private const double ExabyteInMegabytes = 1024.0 * 1024 * 1024 * 1024;
    private const double OtherMaximum = 1000.0 * 1000 * 1000 * 1000;

    /// <summary>The first problem with one config, or null.</summary>
    public static string? Validate(QuotaConfig config)
    {
        if (!config.HasRole) return "'QuotaConfig.role' must be set";
        var roleError = RoleName.Validate(config.Role);
        if (roleError is not null) return $"Invalid 'QuotaConfig.role': {roleError}";

        var tooLarge = TooLarge(config.Guarantees);
        if (tooLarge is not null) return $"Invalid 'QuotaConfig.guarantees': {tooLarge}";
        tooLarge = TooLarge(config.Limits);
        if (tooLarge is not null) return $"Invalid 'QuotaConfig.limits': {tooLarge}";

        foreach (var (name, scalar) in config.Guarantees)
        {
            var error = ScalarError(scalar.Value);
            if (error is not null) return $"Invalid guarantee configuration {Quantity(name, scalar.Value)}: {error}";
        }
        foreach (var (name, scalar) in config.Limits)
        {
            var error = ScalarError(scalar.Value);
            if (error is not null) return $"Invalid limit configuration {Quantity(name, scalar.Value)}: {error}";
        }

        foreach (var (name, guarantee) in config.Guarantees)
        {
            if (config.Limits.TryGetValue(name, out var limit) && Thousandths(guarantee.Value) > Thousandths(limit.Value))
                return $"'QuotaConfig.guarantees' {Quantities(config.Guarantees)} is not contained within the 'QuotaConfig.limits' {Quantities(config.Limits)}";
        }
        return null;
    }

    /// <summary>
    /// The first problem with the whole update, or null. <paramref name="consumed"/> gives what a role and the roles
    /// below it hold now; <paramref name="capacity"/> the scalar totals of every registered agent.
    /// </summary>
    public static string? Validate(
        Protocol.V1.MasterApi.Call.Types.UpdateQuota update,
        IEnumerable<QuotaConfig> current,
        Func<string, IReadOnlyDictionary<string, double>> consumed,
        IReadOnlyDictionary<string, double> capacity)
    {
        foreach (var config in update.QuotaConfigs)
        {
            var error = Validate(config);
            if (error is not null) return $"Invalid QuotaConfig: {error}";
        }

        var duplicate = update.QuotaConfigs.GroupBy(c => c.Role, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return $"Invalid QuotaConfig: role '{duplicate.Key}' appears more than once";
        if (update.Force) return null;

        foreach (var config in update.QuotaConfigs)
        {
            var held = consumed(config.Role);
            var exceeded = config.Limits.Any(limit => Thousandths(held.GetValueOrDefault(limit.Key)) > Thousandths(limit.Value.Value));
            if (exceeded)
                return $"Invalid QuotaConfig: Role '{config.Role}' is already consuming '{Quantities(held)}';" +
                       $" this is more than the requested limits '{Quantities(config.Limits)}' (use 'force' flag to bypass this check)";
        }

        var configs = current.ToDictionary(c => c.Role, StringComparer.Ordinal);
        foreach (var config in update.QuotaConfigs) configs[config.Role] = config;
        var guarantees = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, scalar) in configs.Values.SelectMany(c => c.Guarantees))
            guarantees[name] = guarantees.GetValueOrDefault(name) + scalar.Value;
        if (guarantees.Any(g => Thousandths(g.Value) > Thousandths(capacity.GetValueOrDefault(g.Key))))
            return $"Invalid QuotaConfig: total quota guarantees '{Quantities(guarantees)}' exceed cluster capacity" +
                   $" '{Quantities(capacity)}' (use 'force' flag to bypass this check)";
        return null;
    }

    private static string? TooLarge(IDictionary<string, Value.Types.Scalar> quantities)
    {
        foreach (var (name, scalar) in quantities)
        {
            if (name is "mem" or "disk")
            {
                if (scalar.Value > ExabyteInMegabytes)
                    return $"{Quantity(name, scalar.Value)} is invalid: values greater than 1 exabyte ({Number(ExabyteInMegabytes)}) are not supported";
            }
            else if (scalar.Value > OtherMaximum)
            {
                return $"{Quantity(name, scalar.Value)} is invalid: values greater than 1 trillion ({Number(OtherMaximum)}) are not supported";
            }
        }
        return null;
    }

    private static string? ScalarError(double value) =>
        double.IsInfinity(value) ? "Infinite values not supported"
        : double.IsNaN(value) ? "NaN not supported"
        : double.IsSubnormal(value) ? "Subnormal values not supported"
        : value < 0 ? "Negative values not supported"
        : null;

    private static long Thousandths(double value) => ScalarValue.FromDouble(value).Thousandths;

    private static string Quantity(string name, double value) => $"{{'{name}': {Number(value)}}}";

    private static string Quantities(IEnumerable<KeyValuePair<string, Value.Types.Scalar>> quantities) =>
        Quantities(quantities.Select(q => KeyValuePair.Create(q.Key, q.Value.Value)));

    private static string Quantities(IEnumerable<KeyValuePair<string, double>> quantities) =>
        string.Join("; ", quantities.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}:{Number(q.Value)}"));

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
