namespace Scheduler.Fuzzing;

/// <summary>Blind mutations of an encoded message: bit flips, byte changes, insertions, deletions, truncation, splicing.</summary>
public static class ByteMutator
{
    // Bytes that tend to matter to protobuf and JSON decoders: varint continuation, wire types, quotes, brackets.
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x12, 0x1A, 0x22, (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)'\\'];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var rounds = 1 + random.Next(4);
        for (var i = 0; i < rounds; i++) MutateOnce(bytes, random);
        return bytes.ToArray();
    }

    private static void MutateOnce(List<byte> bytes, Random random)
    {
        var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        switch (random.Next(8))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = (byte)random.Next(256);
                break;
            case 2:
                bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                break;
            case 3:
                var inserted = new byte[1 + random.Next(16)];
                random.NextBytes(inserted);
                bytes.InsertRange(at, inserted);
                break;
            case 4 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8)));
                break;
            case 5:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 6 when bytes.Count > 0:
                var length = Math.Min(bytes.Count - at, 1 + random.Next(32));
                bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                break;
            default:
                // A varint of ten bytes of continuation: the longest a decoder may read.
                bytes.InsertRange(at, Enumerable.Repeat((byte)0xFF, 9).Append((byte)0x01));
                break;
        }
    }
}
