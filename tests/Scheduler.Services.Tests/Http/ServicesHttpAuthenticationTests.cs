using System.Net;
using Scheduler.Services.Apps;
using Scheduler.Services.Http;
using Scheduler.Services.Storage;
using Scheduler.Security.Authentication;
using Scheduler.Testing.Http;

namespace Scheduler.Services.Tests.Http;

/// <summary>The services API on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens.</summary>
[TestFixture]
public sealed class ServicesHttpAuthenticationTests : ApiAuthenticationTests
{
    protected override string ListPath => "v2/apps";

    protected override string ListField => "apps";

    protected override string Submission => "id: /x\ncmd: sleep 1\n";

    protected override async Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication)
    {
        var store = new SqliteServiceStore(":memory:");
        var server = await ServicesHttpServer.StartAsync(new ServicesScheduler(new ServiceBook(store, TimeProvider.System)), IPAddress.Loopback, 0, authentication);
        return (server.Then(store), server.Address);
    }
}
