using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Agent;
using Scheduler.Agent.Containers;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The agent options about how its containers are isolated and how long finished sandboxes stay:
/// <c>--container-pids-limit</c>, <c>--isolation-namespaces</c>, <c>--gc-delay</c> and <c>--gc-disk-headroom</c>.
/// </summary>
public sealed partial class AgentRuntimeOptions
{
    private static readonly AgentSettings Defaults = new();

    public Option<long> PidsLimit { get; } = new("--container-pids-limit")
    {
        Description = "Most processes a container may hold unless its task's pids_limit label says otherwise; 0: no limit",
        DefaultValueFactory = _ => Defaults.ContainerPidsLimit,
    };

    public Option<string> Namespaces { get; } = new("--isolation-namespaces")
    {
        Description = "Namespaces each cgroups container gets of its own: pid and/or mount, comma-separated (default: none)",
        DefaultValueFactory = _ => "",
    };

    public Option<string> GcDelay { get; } = new("--gc-delay")
    {
        Description = "How long finished sandboxes are kept at most, e.g. 1weeks, 3days, 2hrs, 10mins, 30secs",
        DefaultValueFactory = _ => "1weeks",
    };

    public Option<double> GcDiskHeadroom { get; } = new("--gc-disk-headroom")
    {
        Description = "Share of the disk to keep free; sandboxes are removed sooner as the disk fills (0 to 1)",
        DefaultValueFactory = _ => Defaults.GcDiskHeadroom,
    };

    public IEnumerable<Option> All => [PidsLimit, Namespaces, GcDelay, GcDiskHeadroom];

    /// <summary>The settings with these options applied, or the first option's error.</summary>
    public bool TryApply(ParseResult parse, AgentSettings settings, [NotNullWhen(true)] out AgentSettings? applied,
        [NotNullWhen(false)] out string? error)
    {
        applied = null;
        var pids = parse.GetValue(PidsLimit);
        if (pids < 0)
        {
            error = "--container-pids-limit: must be 0 (no limit) or positive";
            return false;
        }
        NamespaceIsolation namespaces;
        try
        {
            namespaces = NamespaceIsolation.Parse(parse.GetValue(Namespaces) ?? "");
        }
        catch (ArgumentException e)
        {
            error = $"--isolation-namespaces: {e.Message}";
            return false;
        }
        if (!TryParseDuration(parse.GetValue(GcDelay) ?? "", out var delay))
        {
            error = "--gc-delay: expected a number and a unit (ms, secs, mins, hrs, days, weeks), e.g. 1weeks";
            return false;
        }
        var headroom = parse.GetValue(GcDiskHeadroom);
        if (headroom is < 0 or > 1)
        {
            error = "--gc-disk-headroom: must be between 0 and 1";
            return false;
        }
        applied = settings with { ContainerPidsLimit = pids, IsolationNamespaces = namespaces, GcDelay = delay, GcDiskHeadroom = headroom };
        error = null;
        return true;
    }

    /// <summary>Mesos's duration text: a number and a unit, such as <c>1weeks</c>, <c>90secs</c> or <c>500ms</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            return false;
        TimeSpan? unit = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" or "sec" or "secs" => TimeSpan.FromSeconds(1),
            "m" or "min" or "mins" => TimeSpan.FromMinutes(1),
            "h" or "hr" or "hrs" => TimeSpan.FromHours(1),
            "d" or "day" or "days" => TimeSpan.FromDays(1),
            "w" or "week" or "weeks" => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null) return false;
        duration = unit.Value * n;
        return true;
    }

    [GeneratedRegex("^(?<n>[0-9]+(\\.[0-9]+)?)(?<unit>[a-z]+)$")]
    private static partial Regex DurationPattern();
}
