namespace Scheduler.Cli.Cron;

/// <summary>The cron framework could not be found or refused a request; the message is for the user.</summary>
public sealed class CronClientException(string message) : Exception(message);
