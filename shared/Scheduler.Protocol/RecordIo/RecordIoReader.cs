using System.Runtime.CompilerServices;

namespace Scheduler.Protocol.RecordIo;

/// <summary>
/// Reads Mesos RecordIO records ("&lt;length&gt;\n&lt;bytes&gt;") from a
/// stream, however the bytes are split across reads.
/// </summary>
public sealed class RecordIoReader(Stream stream, int maxRecordLength = RecordIoReader.DefaultMaxRecordLength)
{
    public const int DefaultMaxRecordLength = 64 * 1024 * 1024;

    // Enough digits for any length up to int.MaxValue.
    private const int MaxHeaderDigits = 10;

    private readonly byte[] buffer = new byte[16 * 1024];
    private int bufferStart;
    private int bufferEnd;

    /// <summary>
    /// The next record, or null when the stream ends cleanly between records.
    /// Throws <see cref="InvalidDataException"/> on a malformed header or a
    /// stream that ends inside a record.
    /// </summary>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var length = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (length is null)
            return null;

        var record = new byte[length.Value];
        var filled = 0;
        while (filled < record.Length)
        {
            if (bufferStart == bufferEnd && !await FillAsync(cancellationToken).ConfigureAwait(false))
                throw new InvalidDataException($"Stream ended after {filled} of {record.Length} record bytes.");

            var count = Math.Min(bufferEnd - bufferStart, record.Length - filled);
            Array.Copy(buffer, bufferStart, record, filled, count);
            bufferStart += count;
            filled += count;
        }

        return record;
    }

    public async IAsyncEnumerable<byte[]> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
            yield return record;
    }

    private async Task<int?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        long length = 0;
        var digits = 0;
        while (true)
        {
            if (bufferStart == bufferEnd && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (digits == 0)
                    return null;
                throw new InvalidDataException("Stream ended inside a record header.");
            }

            var next = buffer[bufferStart++];
            if (next == (byte)'\n')
            {
                if (digits == 0)
                    throw new InvalidDataException("Record header has no length.");
                return (int)length;
            }

            if (next is < (byte)'0' or > (byte)'9')
                throw new InvalidDataException($"Unexpected byte 0x{next:x2} in a record header.");

            length = length * 10 + (next - '0');
            digits++;
            if (digits > MaxHeaderDigits || length > maxRecordLength)
                throw new InvalidDataException($"Record is longer than the limit of {maxRecordLength} bytes.");
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        bufferStart = 0;
        bufferEnd = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return bufferEnd > 0;
    }
}
