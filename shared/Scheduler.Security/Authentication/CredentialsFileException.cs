namespace Scheduler.Security.Authentication;

/// <summary>A credentials or secret file that cannot be used; the message names the file and the line or field.</summary>
public sealed class CredentialsFileException(string message) : Exception(message);
