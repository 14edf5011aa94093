using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Scheduler.Protocol.Internal;

namespace Scheduler.Protocol.Security;

/// <summary>
/// The secret every agent of a cluster shares with its masters. It never crosses the wire: an agent proves it
/// holds it with an HMAC-SHA256 over its <see cref="RegistrationClaims"/>, the time of the proof and a random nonce,
/// fresh for every proof, so that a master can tell a proof sent again from a new one.
/// </summary>
public sealed class ClusterSecret
{
    public const int MinimumLength = 16;
    public const int NonceLength = 16;
    private static readonly byte[] Domain = "scheduler-agent-registration-v2"u8.ToArray();
    private readonly byte[] _key;

    public ClusterSecret(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumLength)
            throw new ArgumentException($"a cluster secret needs at least {MinimumLength} bytes, this one has {key.Length}", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>The secret in a file, without the trailing newline or spaces an editor leaves.</summary>
    /// <exception cref="ArgumentException">The file holds fewer than <see cref="MinimumLength"/> bytes.</exception>
    public static ClusterSecret FromFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') length--;
        return new ClusterSecret(bytes.AsSpan(0, length));
    }

    /// <summary>A new proof, with a nonce of its own: make one for every registration attempt.</summary>
    public ClusterSecretProof Prove(RegistrationClaims claims, DateTimeOffset now)
    {
        var issuedAt = now.ToUnixTimeMilliseconds();
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        return new ClusterSecretProof
        {
            IssuedAtMs = issuedAt, Nonce = ByteString.CopyFrom(nonce), Hmac = ByteString.CopyFrom(Mac(claims, issuedAt, nonce)),
        };
    }

    /// <summary>
    /// Whether the proof was made with this secret for exactly these claims; its age, and whether its nonce was seen
    /// before, are the caller's to judge.
    /// </summary>
    public bool Verifies(ClusterSecretProof proof, RegistrationClaims claims) =>
        CryptographicOperations.FixedTimeEquals(Mac(claims, proof.IssuedAtMs, proof.Nonce.Span), proof.Hmac.Span);

    private byte[] Mac(RegistrationClaims claims, long issuedAtMs, ReadOnlySpan<byte> nonce)
    {
        // Each field is length-prefixed, so that no two different claims share an encoding.
        using var message = new MemoryStream();
        using (var writer = new BinaryWriter(message, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Domain);
            writer.Write(claims.Kind);
            writer.Write(claims.ClusterAddress);
            writer.Write(claims.Hostname);
            writer.Write(claims.Port);
            writer.Write(claims.AgentId);
            writer.Write(issuedAtMs);
            writer.Write(nonce.Length);
            writer.Write(nonce);
        }
        return HMACSHA256.HashData(_key, message.ToArray());
    }
}
