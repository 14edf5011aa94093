using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scheduler.Agent.Tests.Fetching;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port that serves the files a test puts into it, counts the requests for
/// each path, answers 404 for the rest and never answers <c>/hang</c>.
/// </summary>
public sealed class TestFileServer : IAsyncDisposable
{
    public const string HangingPath = "/hang";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private TestFileServer(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Serve(string path, byte[] content) => _files[path] = content;

    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    public static async Task<TestFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestFileServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server._requests.AddOrUpdate(path, 1, (_, count) => count + 1);
            if (path == HangingPath)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            }
            if (!server._files.TryGetValue(path, out var content))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await context.Response.Body.WriteAsync(content);
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
