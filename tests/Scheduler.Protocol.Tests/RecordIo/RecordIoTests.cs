using System.Text;
using Scheduler.Protocol.RecordIo;

namespace Scheduler.Protocol.Tests.RecordIo;

[TestFixture]
public class RecordIoTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Test]
    public void Encode_prefixes_the_decimal_length_and_a_newline()
    {
        Assert.That(Encoding.ASCII.GetString(RecordIoWriter.Encode(Ascii("hello"))), Is.EqualTo("5\nhello"));
        Assert.That(Encoding.ASCII.GetString(RecordIoWriter.Encode([])), Is.EqualTo("0\n"));
    }

    [Test]
    public async Task Writer_output_reads_back_as_the_same_records()
    {
        var stream = new MemoryStream();
        var writer = new RecordIoWriter(stream);
        var records = new[] { Ascii("{\"type\":\"SUBSCRIBED\"}"), new byte[20_000], Ascii("x"), Array.Empty<byte>() };
        foreach (var record in records)
            await writer.WriteAsync(record);

        stream.Position = 0;
        var read = new List<byte[]>();
        await foreach (var record in new RecordIoReader(stream).ReadAllAsync())
            read.Add(record);

        Assert.That(read, Is.EqualTo(records));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public async Task Records_split_across_reads_are_reassembled(int bytesPerRead)
    {
        var wire = Ascii("12\nhello world!3\nabc10\n0123456789");
        var reader = new RecordIoReader(new TricklingStream(wire, bytesPerRead));

        var first = await reader.ReadAsync();
        var second = await reader.ReadAsync();
        var third = await reader.ReadAsync();
        var end = await reader.ReadAsync();

        Assert.That(Encoding.ASCII.GetString(first!), Is.EqualTo("hello world!"));
        Assert.That(Encoding.ASCII.GetString(second!), Is.EqualTo("abc"));
        Assert.That(Encoding.ASCII.GetString(third!), Is.EqualTo("0123456789"));
        Assert.That(end, Is.Null);
    }

    [Test]
    public async Task Empty_stream_has_no_records()
    {
        Assert.That(await new RecordIoReader(new MemoryStream()).ReadAsync(), Is.Null);
    }

    [TestCase("5\nabc", TestName = "Stream ending inside a record")]
    [TestCase("12", TestName = "Stream ending inside a header")]
    [TestCase("x\nabc", TestName = "Header that is not a number")]
    [TestCase("\nabc", TestName = "Header without digits")]
    [TestCase("99999999999\n", TestName = "Header longer than the limit")]
    public void Malformed_input_is_invalid_data(string wire)
    {
        var reader = new RecordIoReader(new MemoryStream(Ascii(wire)));

        Assert.That(async () => await reader.ReadAsync(), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Records_over_the_configured_limit_are_rejected()
    {
        var reader = new RecordIoReader(new MemoryStream(Ascii("11\nhello world")), maxRecordLength: 10);

        Assert.That(async () => await reader.ReadAsync(), Throws.InstanceOf<InvalidDataException>());
    }

    /// <summary>A stream that hands out at most a few bytes per read, like a slow network.</summary>
    private sealed class TricklingStream(byte[] content, int bytesPerRead) : Stream
    {
        private int position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, bytesPerRead), content.Length - position);
            Array.Copy(content, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
