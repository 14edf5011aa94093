using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scheduler.Framework.Hosting;
using Scheduler.Security.Authentication;
using Scheduler.Testing.Http;

namespace Scheduler.Framework.Tests.Hosting;

/// <summary>The host with authentication on answers as the three frameworks' APIs and the master do.</summary>
[TestFixture]
public sealed class FrameworkHttpHostAuthenticationTests : ApiAuthenticationTests
{
    protected override string ListPath => "v1/things";

    protected override string ListField => "things";

    protected override string Submission => "name: x\n";

    protected override async Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication)
    {
        var host = await FrameworkHttpHost.StartAsync(IPAddress.Loopback, 0, authentication, routes =>
        {
            routes.MapGet("/v1/things", () => JsonAnswers.Json(new JsonObject { ["things"] = new JsonArray() }));
            routes.MapPost("/v1/things", () => JsonAnswers.Json(new JsonObject(), StatusCodes.Status201Created));
        });
        return (host, host.Address);
    }
}
