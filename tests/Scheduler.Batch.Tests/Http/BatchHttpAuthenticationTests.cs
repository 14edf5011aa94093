using System.Net;
using Scheduler.Batch.Http;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Storage;
using Scheduler.Security.Authentication;
using Scheduler.Testing.Http;

namespace Scheduler.Batch.Tests.Http;

/// <summary>The batch API on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens.</summary>
[TestFixture]
public sealed class BatchHttpAuthenticationTests : ApiAuthenticationTests
{
    protected override string ListPath => "v1/jobs";

    protected override string ListField => "jobs";

    protected override string Submission => "name: x\ntasks: []\n";

    protected override async Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication)
    {
        var store = new SqliteJobStore(":memory:");
        var server = await BatchHttpServer.StartAsync(new BatchScheduler(new JobBook(store, TimeProvider.System)), IPAddress.Loopback, 0, authentication);
        return (server.Then(store), server.Address);
    }
}
