namespace Scheduler.Cli.Apps;

/// <summary>The services framework could not be found or refused a request; the message is for the user.</summary>
public sealed class ServicesClientException(string message) : Exception(message);
