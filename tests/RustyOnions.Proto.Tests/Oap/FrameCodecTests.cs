using System.Buffers;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Proto.Tests.Oap;

public sealed class FrameCodecTests
{
    [Fact]
    public void Oversize_len_is_rejected_from_the_prefix_before_the_body_arrives()
    {
        var prefix = new byte[] { 0x01, 0x00, 0x10, 0x00 }; // len = 1 MiB + 1
        var seq = new ReadOnlySequence<byte>(prefix);

        var e = Assert.Throws<OapProtocolException>(() => OapFrameReader.TryRead(ref seq, OapHeader.DefaultMaxFrame, out _));

        Assert.Equal(OapProtocolError.FrameTooLarge, e.Error);
        Assert.Equal(OapStatus.TooLarge, e.Status);
    }

    [Fact]
    public void Negotiated_smaller_max_frame_is_enforced()
    {
        var bytes = OapFrameWriter.ToArray(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, OapAppId.Echo, 0, 1), [], new byte[5000]);
        var seq = new ReadOnlySequence<byte>(bytes);

        Assert.Throws<OapProtocolException>(() => OapFrameReader.TryRead(ref seq, 4096, out _));
    }

    [Fact]
    public void Frames_split_across_segments_decode()
    {
        var a = OapFrameWriter.ToArray(new OapHeader(OapFlags.Req | OapFlags.Start, 0, OapAppId.Storage, 3, 10), "cap"u8, "first"u8);
        var b = OapFrameWriter.ToArray(new OapHeader(OapFlags.Req | OapFlags.End, 0, OapAppId.Storage, 3, 10), [], "second"u8);
        var all = a.Concat(b).ToArray();
        var seq = SplitEvery(all, 7);

        Assert.True(OapFrameReader.TryRead(ref seq, OapHeader.DefaultMaxFrame, out var f1));
        Assert.Equal("cap"u8.ToArray(), f1.Cap.ToArray());
        Assert.Equal("first"u8.ToArray(), f1.Payload.ToArray());
        Assert.True(OapFrameReader.TryRead(ref seq, OapHeader.DefaultMaxFrame, out var f2));
        Assert.Equal("second"u8.ToArray(), f2.Payload.ToArray());
        Assert.True(f2.Header.IsEnd);
        Assert.True(seq.IsEmpty);
    }

    [Fact]
    public void Writer_refuses_cap_on_non_start_and_oversize_frames()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => OapFrameWriter.Write(buffer, new OapHeader(OapFlags.Req, 0, 1, 0, 1), "c"u8, ReadOnlySpan<byte>.Empty));
        Assert.Throws<ArgumentException>(() => OapFrameWriter.Write(buffer, new OapHeader(OapFlags.Req, 0, 1, 0, 1), [], new byte[100], maxFrame: 64));
    }

    [Fact]
    public void Random_bytes_never_crash_the_decoder_and_never_yield_a_frame_over_the_limit()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var seq = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (OapFrameReader.TryRead(ref seq, 4096, out var frame))
                {
                    Assert.True(frame.WireLength <= 4096);
                }
            }
            catch (OapProtocolException)
            {
                // rejected: the expected outcome for most random input
            }
        }
    }

    [Fact]
    public void Legacy_flags_zero_frame_counts_as_a_single_frame_message()
    {
        Assert.True(new OapHeader(OapFlags.None, 0, 0, 0, 1).IsSingle);
        Assert.True(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, 0, 0, 1).IsSingle);
        Assert.False(new OapHeader(OapFlags.Req | OapFlags.Start, 0, 0, 0, 1).IsSingle);
    }

    private static ReadOnlySequence<byte> SplitEvery(byte[] data, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < data.Length; i += size)
        {
            var chunk = data.AsMemory(i, Math.Min(size, data.Length - i));
            if (first is null)
            {
                first = last = new Segment(chunk, 0);
            }
            else
            {
                last = last!.Append(chunk);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long running)
        {
            Memory = memory;
            RunningIndex = running;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
