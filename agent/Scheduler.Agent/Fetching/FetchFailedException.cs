namespace Scheduler.Agent.Fetching;

/// <summary>A URI of a task's command could not be fetched into its sandbox; the message names the URI and the cause.</summary>
public sealed class FetchFailedException(string uri, string cause) : Exception($"Failed to fetch '{uri}': {cause}")
{
    public string Uri { get; } = uri;
    public string Cause { get; } = cause;
}
