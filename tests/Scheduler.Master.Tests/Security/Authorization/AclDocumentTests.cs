using Scheduler.Master.Security.Authorization;

namespace Scheduler.Master.Tests.Security.Authorization;

/// <summary>Reading Mesos's <c>--acls</c> JSON, and the errors that name the field at fault.</summary>
[TestFixture]
public sealed class AclDocumentTests
{
    [Test]
    public void Reads_permissive_and_each_actions_rules_in_order()
    {
        const string Json = """
            {
              "permissive": false,
              "register_frameworks": [
                {"principals": {"values": ["bob"]}, "roles": {"values": ["dev", "test"]}},
                {"principals": {"type": "ANY"}, "roles": {"type": "NONE"}}
              ],
              "run_tasks": [{"principals": {"type": "ANY"}, "users": {"type": "SOME", "values": ["nobody"]}}]
            }
            """;

        Assert.That(AclDocument.TryParse(Json, out var document, out var error), Is.True, error);
        var rules = document!.RulesFor(AclAction.RegisterFrameworks);
        Assert.Multiple(() =>
        {
            Assert.That(document.Permissive, Is.False);
            Assert.That(rules, Has.Count.EqualTo(2));
            Assert.That(rules[0].Principals.Values, Is.EqualTo(new[] { "bob" }));
            Assert.That(rules[0].Objects.Values, Is.EqualTo(new[] { "dev", "test" }));
            Assert.That(rules[1].Principals.Type, Is.EqualTo(AclEntityType.Any));
            Assert.That(rules[1].Objects.Type, Is.EqualTo(AclEntityType.None));
            Assert.That(document.RulesFor(AclAction.RunTasks)[0].Objects.Values, Is.EqualTo(new[] { "nobody" }));
            Assert.That(document.RulesFor(AclAction.DrainAgents), Is.Empty);
        });
    }

    [Test]
    public void Permissive_is_true_by_default()
    {
        Assert.That(AclDocument.TryParse("{}", out var document, out _), Is.True);
        Assert.That(document!.Permissive, Is.True);
    }

    [TestCase("""{"get_endpoints": []}""", "get_endpoints: unknown or unsupported action")]
    [TestCase("""{"permissive": "no"}""", "permissive: expected true or false")]
    [TestCase("""{"run_tasks": {}}""", "run_tasks: expected a list of rules")]
    [TestCase("""{"run_tasks": [{"principals": {"type": "ANY"}}]}""", "run_tasks[0].users: missing")]
    [TestCase("""{"run_tasks": [{"users": {"type": "ANY"}}]}""", "run_tasks[0].principals: missing")]
    [TestCase("""{"run_tasks": [{"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}]}""", "run_tasks[0].roles: unknown field")]
    [TestCase("""{"run_tasks": [{"principals": {"type": "ALL"}, "users": {"type": "ANY"}}]}""", "run_tasks[0].principals.type: expected")]
    [TestCase("""{"run_tasks": [{"principals": {"values": "bob"}, "users": {"type": "ANY"}}]}""", "run_tasks[0].principals.values: expected a list of strings")]
    [TestCase("""{"run_tasks": [{"principals": {}, "users": {"type": "ANY"}}]}""", "run_tasks[0].principals: expected")]
    [TestCase("""{"run_tasks": [{"principals": {"type": "ANY"}, "users": {"value": ["x"]}}]}""", "run_tasks[0].users.value: unknown field")]
    [TestCase("""{"run_tasks": [""", "not valid JSON")]
    public void A_malformed_document_is_an_error_naming_the_field(string json, string expected)
    {
        Assert.That(AclDocument.TryParse(json, out var document, out var error), Is.False);
        Assert.That(document, Is.Null);
        Assert.That(error, Does.StartWith(expected));
    }

    [Test]
    public void Loading_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"acls-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"teardown_frameworks": [{"principals": {"type": "ANY"}}]}""");
        try
        {
            Assert.That(AclDocument.TryLoad(path, out _, out var error), Is.False);
            Assert.That(error, Is.EqualTo($"{path}: teardown_frameworks[0].framework_principals: missing"));
            Assert.That(AclDocument.TryLoad(path + ".absent", out _, out var missing), Is.False);
            Assert.That(missing, Does.StartWith($"{path}.absent: "));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
