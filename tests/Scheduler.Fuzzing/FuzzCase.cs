using Scheduler.Master.Http;

namespace Scheduler.Fuzzing;

/// <summary>One generated input: the body as it would arrive over HTTP, its encoding, and how it was made.</summary>
public sealed record FuzzCase(string Target, string Strategy, byte[] Body, WireFormat.Kind Format)
{
    /// <summary>The body in a form to paste into a regression test.</summary>
    public string BodyBase64 => Convert.ToBase64String(Body);

    private const int ShownBase64 = 2_000;

    public override string ToString() =>
        $"{Target} ({Strategy}, {Format}, {Body.Length} bytes): " +
        (BodyBase64.Length <= ShownBase64 ? BodyBase64 : $"{BodyBase64[..ShownBase64]}... ({BodyBase64.Length - ShownBase64} more base64 characters)");
}
