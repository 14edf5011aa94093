using Scheduler.Framework.Hosting;

namespace Scheduler.Batch;

/// <summary>The batch framework's settings; <see cref="FrameworkSettings.DataDirectory"/> holds <c>batch.db</c> (jobs, attempts, the framework id).</summary>
public sealed record BatchFrameworkSettings : FrameworkSettings
{
    public override int Port { get; init; } = 5052;

    public override string FrameworkName { get; init; } = "batch";
}
