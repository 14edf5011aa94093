using System.Text;

namespace Scheduler.Protocol.RecordIo;

/// <summary>
/// Writes records in Mesos's RecordIO framing: the record's length in bytes
/// as ASCII decimal, a newline, then the record itself.
/// </summary>
public sealed class RecordIoWriter(Stream stream)
{
    public static byte[] Encode(ReadOnlySpan<byte> record)
    {
        var header = Header(record.Length);
        var framed = new byte[header.Length + record.Length];
        header.CopyTo(framed, 0);
        record.CopyTo(framed.AsSpan(header.Length));
        return framed;
    }

    /// <summary>Writes one record and flushes, so that it reaches a streaming reader at once.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        await stream.WriteAsync(Header(record.Length), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Header(int length) => Encoding.ASCII.GetBytes($"{length}\n");
}
