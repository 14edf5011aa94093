using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;

namespace Scheduler.Agent.Tests.Fetching;

/// <summary>Builds small archives in memory from (entry name, text) pairs.</summary>
public static class TestArchives
{
    public static byte[] Tar(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        WriteTar(buffer, files);
        return buffer.ToArray();
    }

    public static byte[] TarGzip(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) WriteTar(gzip, files);
        return buffer.ToArray();
    }

    public static byte[] TarBzip2(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var bzip2 = new BZip2OutputStream(buffer) { IsStreamOwner = false }) WriteTar(bzip2, files);
        return buffer.ToArray();
    }

    public static byte[] TarWithSymlink(string name, string target)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }

    private static void WriteTar(Stream stream, (string Name, string Text)[] files)
    {
        using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, text) in files)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            });
        }
    }
}
