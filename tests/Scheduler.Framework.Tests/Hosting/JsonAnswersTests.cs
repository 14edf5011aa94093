using System.Text.Json.Nodes;
using Scheduler.Framework.Hosting;
using static Scheduler.Framework.Tests.Fixtures.ResultExecution;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class JsonAnswersTests
{
    [Test]
    public async Task A_body_is_sent_as_json_with_its_status()
    {
        var (status, contentType, body) = await ExecuteAsync(JsonAnswers.Json(new JsonObject { ["id"] = "j-1" }, 201));

        Assert.That(status, Is.EqualTo(201));
        Assert.That(contentType, Does.StartWith("application/json"));
        Assert.That(body, Is.EqualTo("""{"id":"j-1"}"""));
    }

    [Test]
    public async Task Errors_are_one_message_and_a_list()
    {
        var (status, _, body) = await ExecuteAsync(JsonAnswers.Error(400, ["job.yaml:2: name: missing", "job.yaml:3: tasks: empty"]));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"message":"job.yaml:2: name: missing\njob.yaml:3: tasks: empty","errors":["job.yaml:2: name: missing","job.yaml:3: tasks: empty"]}"""));
    }
}
