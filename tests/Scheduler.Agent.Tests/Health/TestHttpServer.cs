using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scheduler.Agent.Tests.Health;

/// <summary>A real HTTP server on 127.0.0.1 and a free port that answers <c>/health</c> with a status code the test sets.</summary>
public sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile int _statusCode = StatusCodes.Status200OK;
    private int _requests;

    private TestHttpServer(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    public int StatusCode
    {
        get => _statusCode;
        set => _statusCode = value;
    }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestHttpServer(app);
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref server._requests);
            return Results.StatusCode(server.StatusCode);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
