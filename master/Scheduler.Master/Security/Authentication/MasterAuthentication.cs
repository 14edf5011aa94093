using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Security.Authentication;

/// <summary>
/// The master's HTTP authentication: every request needs an authenticated principal except the health checks, the
/// agents' bootstrap (<c>/master/cluster</c>) and the web UI's static page at <c>/</c>, which holds no cluster data and
/// asks for credentials itself when its first read of the API is refused.
/// </summary>
public static class MasterAuthentication
{
    private static readonly string[] OpenPaths = ["/", "/health", "/master/health", "/master/cluster"];

    public static void AddServices(IServiceCollection services, AuthenticationSettings settings) =>
        RequiredAuthentication.AddServices(services, settings);

    /// <summary>Adds the middleware; call it after the standby redirect, which comes first as in Mesos.</summary>
    public static void UseRequiredAuthentication(WebApplication app, AuthenticationSettings settings) =>
        RequiredAuthentication.Use(app, settings, OpenPaths);
}
