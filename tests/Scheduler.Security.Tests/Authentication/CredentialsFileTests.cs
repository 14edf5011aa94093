using Scheduler.Security.Authentication;

namespace Scheduler.Security.Tests.Authentication;

[TestFixture]
public sealed class CredentialsFileTests
{
    [Test]
    public void Reads_mesos_json_credentials()
    {
        var credentials = CredentialsFile.Parse("""
            {"credentials": [{"principal": "ops", "secret": "s3cret"}, {"principal": "batch", "secret": "b"}]}
            """);
        Assert.That(credentials, Is.EqualTo(new[] { new Credential("ops", "s3cret"), new Credential("batch", "b") }));
    }

    [Test]
    public void Reads_plain_text_lines_skipping_blanks_and_comments()
    {
        var credentials = CredentialsFile.Parse("# operators\nops s3cret\n\n  batch\tb  \n");
        Assert.That(credentials, Is.EqualTo(new[] { new Credential("ops", "s3cret"), new Credential("batch", "b") }));
    }

    [Test]
    public void A_text_line_without_a_secret_is_named()
    {
        var error = Assert.Throws<CredentialsFileException>(() => CredentialsFile.Parse("ops s3cret\nbatch\n"));
        Assert.That(error!.Message, Is.EqualTo("line 2: expected 'principal secret', found 1 field(s)"));
    }

    [Test]
    public void A_json_entry_without_a_secret_names_the_field()
    {
        var error = Assert.Throws<CredentialsFileException>(() =>
            CredentialsFile.Parse("""{"credentials":[{"principal":"a","secret":"x"},{"principal":"b"}]}"""));
        Assert.That(error!.Message, Is.EqualTo("credentials[1].secret: expected a non-empty string"));
    }

    [Test]
    public void Broken_json_names_the_line()
    {
        var error = Assert.Throws<CredentialsFileException>(() => CredentialsFile.Parse("{\"credentials\": [\n  {\"principal\": }\n]}"));
        Assert.That(error!.Message, Does.StartWith("line 2: not valid JSON"));
    }

    [Test]
    public void Json_without_a_credentials_array_is_refused()
    {
        var error = Assert.Throws<CredentialsFileException>(() => CredentialsFile.Parse("""{"principal":"a","secret":"b"}"""));
        Assert.That(error!.Message, Is.EqualTo("expected a 'credentials' array"));
    }

    [Test]
    public void An_empty_file_and_a_repeated_principal_are_refused()
    {
        Assert.That(Assert.Throws<CredentialsFileException>(() => CredentialsFile.Parse("# nothing\n"))!.Message,
            Is.EqualTo("the file holds no credentials"));
        Assert.That(Assert.Throws<CredentialsFileException>(() => CredentialsFile.Parse("a x\na y\n"))!.Message,
            Is.EqualTo("principal 'a' appears more than once"));
    }

    [Test]
    public void Loading_names_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "only-a-principal\n");
            var error = Assert.Throws<CredentialsFileException>(() => CredentialsFile.Load(path));
            Assert.That(error!.Message, Does.StartWith($"{path}: line 1:"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_short_jwt_secret_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "too-short\n");
            var error = Assert.Throws<CredentialsFileException>(() => BearerTokens.LoadSecret(path));
            Assert.That(error!.Message, Does.Contain("at least 32"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
