namespace Scheduler.Cli.Frameworks;

/// <summary>A framework we ship could not be found or refused a request; the message is for the user.</summary>
public sealed class FrameworkApiException(string message) : Exception(message);
