using System.Formats.Tar;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace Scheduler.Agent.Fetching;

/// <summary>
/// Unpacks a fetched archive into the sandbox: tar (plain, gzip, bzip2), zip, and a bare gzip file into the file
/// of its name without <c>.gz</c>. Entries that would land outside the sandbox, and links that could point out of it,
/// fail the extraction.
/// </summary>
public static class ArchiveExtractor
{
    public static ArchiveFormat FormatOf(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name.EndsWith(".tar")) return ArchiveFormat.Tar;
        if (name.EndsWith(".tar.gz") || name.EndsWith(".tgz")) return ArchiveFormat.TarGzip;
        if (name.EndsWith(".tar.bz2") || name.EndsWith(".tbz2")) return ArchiveFormat.TarBzip2;
        if (name.EndsWith(".tar.xz") || name.EndsWith(".txz")) return ArchiveFormat.TarXz;
        if (name.EndsWith(".zip")) return ArchiveFormat.Zip;
        if (name.EndsWith(".gz")) return ArchiveFormat.Gzip;
        return ArchiveFormat.None;
    }

    /// <summary>Extracts <paramref name="archive"/>, whose format its <paramref name="fileName"/> tells, into <paramref name="sandbox"/>.</summary>
    /// <exception cref="InvalidDataException">The archive is damaged, unsupported or reaches outside the sandbox.</exception>
    public static async Task ExtractAsync(Stream archive, string fileName, string sandbox, CancellationToken cancellationToken = default)
    {
        var format = FormatOf(fileName);
        if (format == ArchiveFormat.TarXz)
            throw new InvalidDataException($"cannot extract '{fileName}': xz-compressed archives are not supported");
        if (format == ArchiveFormat.None)
            throw new InvalidDataException($"cannot extract '{fileName}': not a .tar, .tar.gz, .tgz, .tar.bz2, .tbz2, .zip or .gz file");
        try
        {
            switch (format)
            {
                case ArchiveFormat.Tar:
                    await ExtractTarAsync(archive, sandbox, cancellationToken);
                    break;
                case ArchiveFormat.TarGzip:
                    await using (var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true))
                        await ExtractTarAsync(gzip, sandbox, cancellationToken);
                    break;
                case ArchiveFormat.TarBzip2:
                    await using (var bzip2 = new BZip2InputStream(archive) { IsStreamOwner = false })
                        await ExtractTarAsync(bzip2, sandbox, cancellationToken);
                    break;
                case ArchiveFormat.Zip:
                    ExtractZip(archive, sandbox, cancellationToken);
                    break;
                default:
                    var target = SandboxPaths.Resolve(sandbox, Path.GetFileName(fileName)[..^3], "gunzipped file");
                    await using (var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true))
                    await using (var file = File.Create(target))
                        await gzip.CopyToAsync(file, cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"cannot extract '{fileName}': {e.Message}", e);
        }
    }

    private static async Task ExtractTarAsync(Stream tar, string sandbox, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(SandboxPaths.Resolve(sandbox, entry.Name, "archive entry", mayBeSandbox: true));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await entry.ExtractToFileAsync(Prepare(sandbox, entry.Name), overwrite: true, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    if (!SandboxPaths.IsContainedLinkTarget(entry.LinkName))
                        throw new InvalidDataException($"the link '{entry.Name}' points to '{entry.LinkName}', which may be outside the sandbox");
                    File.CreateSymbolicLink(Prepare(sandbox, entry.Name), entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var source = SandboxPaths.Resolve(sandbox, entry.LinkName, "archive link target");
                    File.Copy(source, Prepare(sandbox, entry.Name), overwrite: true);
                    break;
            }
        }
    }

    private static void ExtractZip(Stream zipped, string sandbox, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(zipped, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/'))
                Directory.CreateDirectory(SandboxPaths.Resolve(sandbox, entry.FullName, "archive entry", mayBeSandbox: true));
            else
                entry.ExtractToFile(Prepare(sandbox, entry.FullName), overwrite: true);
        }
    }

    /// <summary>The entry's path, with its directory made and whatever it replaces (a file or a link) removed.</summary>
    private static string Prepare(string sandbox, string name)
    {
        var path = SandboxPaths.Resolve(sandbox, name, "archive entry");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        return path;
    }
}
