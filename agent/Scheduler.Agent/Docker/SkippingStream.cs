namespace Scheduler.Agent.Docker;

/// <summary>Writes to another stream all but the first <c>skip</c> bytes written to it. Does not own that stream.</summary>
internal sealed class SkippingStream(Stream inner, long skip) : Stream
{
    private long toSkip = skip;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Unskipped(buffer.Length, out var start))
            inner.Write(buffer[start..]);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Unskipped(buffer.Length, out var start) ? inner.WriteAsync(buffer[start..], cancellationToken) : ValueTask.CompletedTask;

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Consumes what is left to skip of a write of <paramref name="count"/> bytes; true when some remain to write.</summary>
    private bool Unskipped(int count, out int start)
    {
        start = (int)Math.Min(toSkip, count);
        toSkip -= start;
        return start < count;
    }
}
