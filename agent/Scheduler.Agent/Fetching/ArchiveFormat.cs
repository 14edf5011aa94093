namespace Scheduler.Agent.Fetching;

/// <summary>The archive a fetched file is, told by its name as Mesos's fetcher does.</summary>
public enum ArchiveFormat
{
    None,
    Tar,
    TarGzip,
    TarBzip2,
    TarXz,
    Zip,
    Gzip,
}
