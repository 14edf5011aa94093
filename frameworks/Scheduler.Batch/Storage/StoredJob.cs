namespace Scheduler.Batch.Storage;

/// <summary>A job as kept in the store: its source is parsed again on load.</summary>
public sealed record StoredJob(string Id, int Number, string Source, DateTimeOffset SubmittedAt, bool Killed);
