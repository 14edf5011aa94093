using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Security.Authentication;

namespace Scheduler.Framework.Hosting;

/// <summary>
/// A framework's HTTP API on Kestrel: the framework maps its own routes; the host adds <c>/health</c> and, given
/// authentication settings, answers 401 to every other path without an authenticated principal, as the master does.
/// </summary>
public sealed class FrameworkHttpHost : IAsyncDisposable
{
    public const string HealthPath = "/health";
    private static readonly string[] OpenPaths = [HealthPath];
    private readonly WebApplication app;

    private FrameworkHttpHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>The base URL the API answers on, with a port picked when 0 was asked and loopback for any address.</summary>
    public Uri Address { get; }

    public static async Task<FrameworkHttpHost> StartAsync(
        IPAddress ip, int port, AuthenticationSettings? authentication, Action<IEndpointRouteBuilder> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, port));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (authentication is not null) RequiredAuthentication.AddServices(builder.Services, authentication);
        var app = builder.Build();
        if (authentication is not null) RequiredAuthentication.Use(app, authentication, OpenPaths);

        mapRoutes(app);
        app.MapGet(HealthPath, () => Results.Ok());

        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FrameworkHttpHost(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
