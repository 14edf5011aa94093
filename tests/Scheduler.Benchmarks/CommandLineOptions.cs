using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>Options of the form <c>--name value</c>.</summary>
public sealed class CommandLineOptions
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CommandLineOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option like --agents, got '{args[i]}'.");
            }

            options.values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public int Get(string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string? GetText(string name) => values.GetValueOrDefault(name);

    /// <summary>A comma-separated list of numbers, such as <c>--agents 1000,5000</c>.</summary>
    public int[] GetList(string name, int[] fallback) =>
        values.TryGetValue(name, out var text)
            ? text.Split(',').Select(item => int.Parse(item, CultureInfo.InvariantCulture)).ToArray()
            : fallback;
}
