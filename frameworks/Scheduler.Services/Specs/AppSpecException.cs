namespace Scheduler.Services.Specs;

/// <summary>An app file that cannot be deployed; each error reads "file:line: field: problem".</summary>
public sealed class AppSpecException(IReadOnlyList<string> errors)
    : Exception(string.Join(System.Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
