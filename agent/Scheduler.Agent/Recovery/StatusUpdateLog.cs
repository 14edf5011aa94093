using System.Buffers.Binary;
using Scheduler.Protocol.Internal;

namespace Scheduler.Agent.Recovery;

/// <summary>
/// A task's status update stream on disk, append-only like Mesos's <c>task.updates</c>: each record is a type byte
/// (update or acknowledgement), a little-endian length and the payload (the update, or the acknowledged uuid).
/// A record cut short by a crash mid-write ends the replay.
/// </summary>
public static class StatusUpdateLog
{
    private const byte UpdateRecord = 1;
    private const byte AcknowledgementRecord = 2;

    public static void AppendUpdate(string file, StatusUpdateReported update) =>
        Append(file, UpdateRecord, Google.Protobuf.MessageExtensions.ToByteArray(update));

    public static void AppendAcknowledgement(string file, Guid uuid) =>
        Append(file, AcknowledgementRecord, uuid.ToByteArray());

    /// <summary>The records in order: an update, or (null, uuid) for an acknowledgement.</summary>
    public static IReadOnlyList<(StatusUpdateReported? Update, Guid Acknowledged)> Replay(string file)
    {
        var records = new List<(StatusUpdateReported?, Guid)>();
        if (!File.Exists(file)) return records;
        var bytes = File.ReadAllBytes(file);
        var at = 0;
        while (at + 5 <= bytes.Length)
        {
            var type = bytes[at];
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 1, 4));
            if (length < 0 || at + 5 + length > bytes.Length) break;
            var payload = bytes.AsSpan(at + 5, length);
            at += 5 + length;
            if (type == UpdateRecord)
                records.Add((StatusUpdateReported.Parser.ParseFrom(payload), Guid.Empty));
            else if (type == AcknowledgementRecord && length == 16)
                records.Add((null, new Guid(payload)));
            else
                break;
        }
        return records;
    }

    // Written through to the kernel, not synced to disk: the log must survive the agent's death, and a reboot
    // discards the tasks anyway.
    private static void Append(string file, byte type, byte[] payload)
    {
        var record = new byte[5 + payload.Length];
        record[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(1, 4), payload.Length);
        payload.CopyTo(record, 5);
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(record);
    }
}
