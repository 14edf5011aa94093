using System.Text;
using Microsoft.AspNetCore.Http;
using Scheduler.Framework.Hosting;
using static Scheduler.Framework.Tests.Fixtures.ResultExecution;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class SpecFileReaderTests
{
    private readonly SpecFileReader reader = new("job file", 4 * 1024 * 1024, "X-Job-File", "job");

    private static DefaultHttpContext Request(string body, long? declaredLength = null, string? fileName = null)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = declaredLength ?? bytes.Length;
        if (fileName is not null) context.Request.Headers["X-Job-File"] = fileName;
        return context;
    }

    [Test]
    public async Task A_body_declared_over_the_limit_is_refused_with_413_naming_the_limit()
    {
        var refusal = reader.Refuse(Request("", declaredLength: 4 * 1024 * 1024 + 1).Request);

        Assert.That(refusal, Is.Not.Null);
        var (status, _, body) = await ExecuteAsync(refusal!);
        Assert.That(status, Is.EqualTo(413));
        Assert.That(body, Does.Contain("\"message\":\"the job file is larger than 4 MiB\""));
    }

    [Test]
    public void A_body_at_the_limit_or_of_no_declared_length_is_read()
    {
        Assert.That(reader.Refuse(Request("", declaredLength: 4 * 1024 * 1024).Request), Is.Null);
        var unknownLength = Request("");
        unknownLength.Request.ContentLength = null;
        Assert.That(reader.Refuse(unknownLength.Request), Is.Null);
    }

    [Test]
    public async Task The_file_is_named_by_its_header_without_its_directories_else_by_the_default()
    {
        Assert.That(await reader.ReadAsync(Request("name: x", fileName: "/home/ops/nightly.yaml")), Is.EqualTo(("name: x", "nightly.yaml")));
        Assert.That(await reader.ReadAsync(Request("name: y")), Is.EqualTo(("name: y", "job")));
    }
}
