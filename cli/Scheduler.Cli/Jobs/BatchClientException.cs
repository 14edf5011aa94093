namespace Scheduler.Cli.Jobs;

/// <summary>The batch framework could not be found or refused a request; the message is for the user.</summary>
public sealed class BatchClientException(string message) : Exception(message);
