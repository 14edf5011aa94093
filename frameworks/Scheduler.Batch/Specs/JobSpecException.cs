namespace Scheduler.Batch.Specs;

/// <summary>A job file that cannot be run; each error reads "file:line: field: problem".</summary>
public sealed class JobSpecException(IReadOnlyList<string> errors)
    : Exception(string.Join(System.Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
