namespace Scheduler.Testing.Http;

/// <summary>One disposal for a server and what it was built on, in that order.</summary>
public static class Disposing
{
    public static IAsyncDisposable Then(this IAsyncDisposable first, IDisposable second) => new Sequence(first, second);

    private sealed class Sequence(IAsyncDisposable first, IDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            second.Dispose();
        }
    }
}
