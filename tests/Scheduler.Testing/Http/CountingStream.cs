namespace Scheduler.Testing.Http;

/// <summary>A request body in memory that counts how many of its bytes were read, to show a reader stopped early.</summary>
public sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
{
    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken);
        BytesRead += read;
        return read;
    }
}
