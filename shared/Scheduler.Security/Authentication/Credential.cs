namespace Scheduler.Security.Authentication;

/// <summary>One entry of a credentials file: a principal and its secret (Mesos's <c>Credential</c>).</summary>
public sealed record Credential(string Principal, string Secret)
{
    public override string ToString() => $"Credential {{ Principal = {Principal} }}";
}
