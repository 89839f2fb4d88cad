using RustyOnions.Proto.Oap;
using RustyOnions.Sdk;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.GuardRails;

[Trait("Category", "Slow")]
public sealed class SlowClientTests
{
    [Fact]
    public async Task Slowloris_trickling_a_header_is_cut_off_and_counted_while_an_idle_connection_stays()
    {
        await using var node = await GuardNode.StartAsync(new() { ["RON_FRAME_TIMEOUT_MS"] = "1000" });
        await using var idle = await RawOapClient.ConnectAsync(node.Node.Address);
        await using var slow = await RawOapClient.ConnectAsync(node.Node.Address);
        var frame = OapFrameWriter.ToArray(new OapHeader(OapFlags.Req | OapFlags.Start | OapFlags.End, 0, OapAppId.Echo, 1, 1), [], "hello"u8);
        var closedAt = -1;
        for (var i = 0; i < frame.Length - 1; i++)
        {
            try
            {
                await slow.SendRawAsync(frame[i..(i + 1)]);
            }
            catch (IOException)
            {
                closedAt = i;
                break;
            }

            await Task.Delay(150); // the attack itself is the delay: one byte per 150 ms
            if (i > 20)
            {
                break;
            }
        }

        // The node closes: a read ends (EOF or reset) within the frame timeout plus slack.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        var ended = false;
        try
        {
            ended = await slow.Stream.ReadAsync(buffer, cts.Token) == 0;
        }
        catch (IOException)
        {
            ended = true;
        }

        Assert.True(ended, $"slow connection still open (closed while writing at byte {closedAt})");
        Assert.Equal(1, await Metrics.ValueAsync(node.Node.AdminUri, "ron_slow_clients_total"));
        Assert.Equal(1, await Metrics.ValueAsync(node.Node.AdminUri, "ron_rejected_total{reason=\"slow_client\"}"));

        // The connection that sent nothing (no partial frame) is only subject to the idle timeout.
        await idle.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Echo, 1, 2, "still here"u8.ToArray());
        Assert.Equal("still here"u8.ToArray(), (await idle.ReadReplyAsync(2)).Payload);
    }

    [Fact]
    public async Task Stalled_reader_of_a_large_get_pins_a_bounded_window_not_the_object()
    {
        await using var node = await GuardNode.StartAsync([]);
        var opts = RonClientOpts.FromEnvironment(node.Node.Address.ToString(), _ => null);
        var data = new byte[48 << 20];
        new Random(9).NextBytes(data);
        RustyOnions.Proto.Content.ContentId addr;
        await using (var client = await RonClient.ConnectAsync(opts))
        {
            addr = (await client.PutAsync(data)).Addr;
        }

        var admin = node.Node.AdminUri;
        var sentBefore = await Metrics.ValueAsync(admin, "ron_bytes_sent_total");
        await using var stalled = await RawOapClient.ConnectAsync(node.Node.Address);
        await stalled.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Storage, 1, 1, System.Text.Encoding.UTF8.GetBytes($$"""{"op":"get","addr":"{{addr}}"}"""));

        // Wait until the node stops making progress (sent bytes stable for 1 s), reading nothing.
        double last = -1, now = 0;
        await Poll.UntilAsync(async () =>
        {
            now = await Metrics.ValueAsync(admin, "ron_bytes_sent_total") - sentBefore;
            var stable = now > 0 && now == last;
            last = now;
            return stable;
        }, TimeSpan.FromSeconds(30), "the GET to stall", TimeSpan.FromSeconds(1));

        // Socket buffers on loopback plus the pipe's window: a few MiB, far below the 48 MiB object.
        Assert.True(now < 16 << 20, $"node pushed {now} bytes into a reader that reads nothing");
        Assert.Equal(1, await Metrics.ValueAsync(admin, "ron_inflight_requests"));
    }
}
