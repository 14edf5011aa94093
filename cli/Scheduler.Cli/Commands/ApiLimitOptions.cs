using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Scheduler.Master;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Security.RateLimiting;

namespace Scheduler.Cli.Commands;

/// <summary>
/// The master's request limits: <c>--rate-limits FILE</c> (Mesos's <c>RateLimits</c> JSON, per-principal limits on
/// scheduler calls) and <c>--max-request-body-bytes</c>.
/// </summary>
public sealed class ApiLimitOptions
{
    public Option<FileInfo?> RateLimitsFile { get; } = new("--rate-limits")
    {
        Description = "JSON file of per-principal limits on scheduler API calls, in Mesos's RateLimits format: " +
            "{\"limits\":[{\"principal\":\"foo\",\"qps\":10,\"capacity\":100}],\"aggregate_default_qps\":5}",
    };

    public Option<long> MaxRequestBodyBytes { get; } = new("--max-request-body-bytes")
    {
        Description = "Largest request body the master's HTTP APIs accept (413 beyond it)",
        DefaultValueFactory = _ => ApiLimits.Default.MaxRequestBodyBytes,
    };

    public IEnumerable<Option> All => [RateLimitsFile, MaxRequestBodyBytes];

    public bool TryApply(ParseResult parse, MasterSettings settings, [NotNullWhen(true)] out MasterSettings? applied,
        [NotNullWhen(false)] out string? error)
    {
        applied = null;
        var maxBody = parse.GetValue(MaxRequestBodyBytes);
        if (maxBody < 1)
        {
            error = "--max-request-body-bytes: must be at least 1";
            return false;
        }
        RateLimits? rateLimits = null;
        if (parse.GetValue(RateLimitsFile) is { } file)
        {
            if (!file.Exists)
            {
                error = $"--rate-limits: no file '{file.FullName}'";
                return false;
            }
            if (!RateLimitsParser.TryParse(File.ReadAllText(file.FullName), out var parsed, out var problem))
            {
                error = $"--rate-limits: {file.Name}: {problem}";
                return false;
            }
            rateLimits = parsed;
        }
        applied = settings with { ApiLimits = settings.ApiLimits with { MaxRequestBodyBytes = maxBody, RateLimits = rateLimits } };
        error = null;
        return true;
    }
}
