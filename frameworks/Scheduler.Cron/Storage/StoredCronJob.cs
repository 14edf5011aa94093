namespace Scheduler.Cron.Storage;

/// <summary>A cron job as kept in the store: its source is parsed again on load.</summary>
public sealed record StoredCronJob(string Name, string Source, DateTimeOffset CreatedAt, DateTimeOffset? NextDue, int LastNumber);
