using System.Net;
using Scheduler.Cron.Http;
using Scheduler.Cron.Runs;
using Scheduler.Cron.Storage;
using Scheduler.Security.Authentication;
using Scheduler.Testing.Http;

namespace Scheduler.Cron.Tests.Http;

/// <summary>The cron API on real Kestrel with authentication on: the master's 401 answers, Basic and bearer tokens.</summary>
[TestFixture]
public sealed class CronHttpAuthenticationTests : ApiAuthenticationTests
{
    protected override string ListPath => "v1/cron";

    protected override string ListField => "cron_jobs";

    protected override string Submission => "name: x\nschedule: '* * * * *'\n";

    protected override async Task<(IAsyncDisposable Server, Uri Address)> StartAsync(AuthenticationSettings authentication)
    {
        var store = new SqliteCronStore(":memory:");
        var server = await CronHttpServer.StartAsync(new CronScheduler(new CronBook(store, TimeProvider.System)), IPAddress.Loopback, 0, authentication);
        return (server.Then(store), server.Address);
    }
}
