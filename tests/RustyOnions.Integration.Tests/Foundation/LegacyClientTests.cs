using System.Text.Json;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

/// <summary>Frames as the original RustyOnions SDK sends them get the replies it expects.</summary>
[Collection(NodeCollection.Name)]
public sealed class LegacyClientTests(NodeFixture fixture)
{
    [Fact]
    public async Task Hello_with_flags_zero_gets_a_code_0_resp_end_reply_echoing_corr_tenant_and_app()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(OapFlags.None, OapAppId.Hello, 0xABCDEF, [], tenant: 42);

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(0, reply!.Header.Code);
        Assert.True(reply.Header.Flags.HasFlag(OapFlags.Resp | OapFlags.End));
        Assert.Equal(0xABCDEFUL, reply.Header.CorrId);
        Assert.Equal((UInt128)42, reply.Header.TenantId);
        Assert.Equal(OapAppId.Hello, reply.Header.AppProtoId);
        using var hello = JsonDocument.Parse(reply.Payload);
        Assert.Equal(1, hello.RootElement.GetProperty("oap_versions")[0].GetInt32());
        Assert.Equal(fixture.Node.Address.PeerId.ToString(), hello.RootElement.GetProperty("peer_id").GetString());
        Assert.Equal(1 << 20, hello.RootElement.GetProperty("max_frame").GetInt32());
    }

    [Fact]
    public async Task Tiles_get_with_req_start_only_gets_the_file()
    {
        Directory.CreateDirectory(Path.Combine(fixture.TilesRoot, "legacy"));
        await File.WriteAllBytesAsync(Path.Combine(fixture.TilesRoot, "legacy", "t.png"), "PNGDATA"u8.ToArray());
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 77, "{\"op\":\"get\",\"path\":\"legacy/t.png\"}"u8, tenant: 3);

        var (last, body, _) = await raw.ReadMessageAsync(77);
        Assert.Equal(0, last.Code);
        Assert.True(last.Flags.HasFlag(OapFlags.Resp | OapFlags.End));
        Assert.Equal((UInt128)3, last.TenantId);
        Assert.Equal("PNGDATA"u8.ToArray(), body);
    }

    [Fact]
    public async Task Mailbox_send_with_req_start_only_gets_a_msg_id()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Mailbox, 88, "{\"op\":\"send\",\"topic\":\"legacy\",\"text\":\"hi\",\"idempotency_key\":\"x\"}"u8);

        var (last, body, frames) = await raw.ReadMessageAsync(88);
        Assert.Equal(0, last.Code);
        Assert.Equal(1, frames);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(26, doc.RootElement.GetProperty("msg_id").GetString()!.Length);
    }

    [Fact]
    public async Task Hello_can_lower_max_frame_and_replies_then_respect_it()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        await raw.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Hello, 1, "{\"max_frame\":8192}"u8);
        var hello = await raw.ReadFrameAsync();
        using (var doc = JsonDocument.Parse(hello!.Payload))
        {
            Assert.Equal(8192, doc.RootElement.GetProperty("max_frame").GetInt32());
        }

        var data = StorageRoundTripTests.Seeded(50_000, seed: 21);
        await using var client = await fixture.ConnectAsync();
        var addr = (await client.PutAsync(data)).Addr;
        await raw.SendAsync(OapFlags.Req | OapFlags.Start | OapFlags.End, OapAppId.Storage, 2, System.Text.Encoding.UTF8.GetBytes($"{{\"op\":\"get\",\"addr\":\"{addr}\"}}"));

        var received = new List<byte>();
        while (true)
        {
            var f = await raw.ReadFrameAsync();
            Assert.True(f!.Payload.Length + OapHeader.FixedSize <= 8192);
            received.AddRange(f.Payload);
            if (f.Header.IsEnd)
            {
                break;
            }
        }

        Assert.Equal(data, received.ToArray());
    }
}
