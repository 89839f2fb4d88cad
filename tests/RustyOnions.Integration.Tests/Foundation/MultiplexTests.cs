using System.Diagnostics;

namespace RustyOnions.Integration.Tests.Foundation;

[Collection(NodeCollection.Name)]
public sealed class MultiplexTests(NodeFixture fixture)
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Mailbox_call_is_answered_while_a_100_MiB_get_streams_on_the_same_connection()
    {
        var data = StorageRoundTripTests.Seeded(100 << 20, seed: 1001);
        await using var client = await fixture.ConnectAsync();
        var addr = (await client.PutAsync(data)).Addr;
        var sink = new SignallingStream();

        var get = client.GetAsync(addr, sink);
        await sink.FirstBytes.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var timer = Stopwatch.StartNew();
        var sent = await client.SendAsync("mux-" + Guid.NewGuid().ToString("N"), "interleaved");
        timer.Stop();
        var getDoneWhenSendReturned = get.IsCompleted;
        var bytesWhenSendReturned = sink.Length;
        await get;

        Assert.NotEmpty(sent.MsgId);
        Assert.False(getDoneWhenSendReturned, $"the GET finished before the mailbox reply came back ({timer.ElapsedMilliseconds} ms): the test proved nothing");
        Assert.True(bytesWhenSendReturned < data.Length);
        Assert.Equal(data.Length, sink.Length);
    }

    /// <summary>Counts bytes and signals the first write; slows each write a little so the GET stays in flight.</summary>
    private sealed class SignallingStream : Stream
    {
        private long _length;

        public TaskCompletionSource FirstBytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Interlocked.Read(ref _length);

        public override long Position { get => Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref _length, buffer.Length);
            FirstBytes.TrySetResult();
            await Task.Yield();
        }
    }
}
