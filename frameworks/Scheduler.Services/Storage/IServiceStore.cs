using Scheduler.Services.Apps;

namespace Scheduler.Services.Storage;

/// <summary>Where apps and their instances outlive the framework's process.</summary>
public interface IServiceStore
{
    IReadOnlyList<StoredApp> LoadApps();

    IReadOnlyList<AppInstance> LoadInstances();

    void SaveApp(StoredApp app);

    /// <summary>Forgets the app and its instances.</summary>
    void DeleteApp(string appId);

    /// <summary>Inserts or replaces the instances, all or none.</summary>
    void SaveInstances(IReadOnlyCollection<AppInstance> instances);
}
