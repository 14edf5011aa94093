using Scheduler.Framework.Hosting;

namespace Scheduler.Services;

/// <summary>The services framework's settings; <see cref="FrameworkSettings.DataDirectory"/> holds <c>services.db</c> (apps, instances, the framework id).</summary>
public sealed record ServicesFrameworkSettings : FrameworkSettings
{
    public override int Port { get; init; } = 5054;

    public override string FrameworkName { get; init; } = "services";
}
