using System.Buffers.Binary;
using RustyOnions.Proto.Content;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Foundation;

/// <summary>Every malformed input gets a precise status and body, closes at most its own connection, and stores nothing.</summary>
[Collection(NodeCollection.Name)]
public sealed class BadInputTests(NodeFixture fixture)
{
    private const OapFlags One = OapFlags.Req | OapFlags.Start | OapFlags.End;

    [Fact]
    public async Task Frame_over_max_frame_gets_413_and_the_connection_closes_while_others_are_served()
    {
        await using var bystander = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, (1u << 20) + 1);

        await raw.SendRawAsync(prefix);

        var error = await raw.ReadFrameAsync();
        Assert.NotNull(error);
        Assert.Equal(OapStatus.TooLarge, error.Header.Code);
        Assert.Equal("TOO_LARGE", error.Envelope!.Code);
        Assert.Contains("exceeds max_frame", error.Envelope.Message, StringComparison.Ordinal);
        Assert.Null(await raw.ReadFrameAsync());
        await AssertEchoWorksAsync(bystander);
    }

    [Fact]
    public async Task Wrong_version_gets_400_and_closes()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        var frame = OapFrameWriter.ToArray(new OapHeader(One, 0, OapAppId.Echo, 0, 5), [], "x"u8);
        frame[4] = 2;

        await raw.SendRawAsync(frame);

        var error = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.BadRequest, error!.Header.Code);
        Assert.Equal("BAD_REQUEST", error.Envelope!.Code);
        Assert.Contains("version 2", error.Envelope.Message, StringComparison.Ordinal);
        Assert.Null(await raw.ReadFrameAsync());
    }

    [Fact]
    public async Task Random_bytes_get_an_error_and_close_only_that_connection()
    {
        await using var bystander = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        var junk = new byte[256];
        new Random(99).NextBytes(junk);
        junk[0] = 0xFF; // make len huge so the decoder rejects at once, whatever the rest is
        junk[3] = 0x7F;

        await raw.SendRawAsync(junk);

        var error = await raw.ReadFrameAsync();
        Assert.NotNull(error);
        Assert.NotEqual(0, error.Header.Code);
        Assert.NotNull(error.Envelope);
        Assert.Null(await raw.ReadFrameAsync());
        await AssertEchoWorksAsync(bystander);
    }

    [Fact]
    public async Task Truncated_frame_followed_by_disconnect_leaves_the_node_serving()
    {
        var full = OapFrameWriter.ToArray(new OapHeader(One, 0, OapAppId.Echo, 0, 6), [], new byte[1000]);
        await using (var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address))
        {
            await raw.SendRawAsync(full.AsMemory(0, 500));
        }

        await using var next = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        await AssertEchoWorksAsync(next);
    }

    [Fact]
    public async Task Unknown_app_id_gets_a_404_envelope_and_the_connection_stays_open()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(One, 0x7777, 41, "{}"u8);

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.NotFound, reply!.Header.Code);
        Assert.Equal(41UL, reply.Header.CorrId);
        Assert.Equal(0x7777, reply.Header.AppProtoId);
        var envelope = reply.Envelope!;
        Assert.Equal("NOT_FOUND", envelope.Code);
        Assert.Equal("unknown app_proto_id 0x7777", envelope.Message);
        Assert.False(envelope.Retryable);
        Assert.Equal(41UL, envelope.CorrId);
        await AssertEchoWorksAsync(raw);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must be an object")]
    [InlineData("{\"op\":\"explode\"}", "unknown storage op 'explode'")]
    [InlineData("{\"op\":\"get\"}", "field 'addr' is required")]
    [InlineData("{\"op\":\"get\",\"addr\":\"b3:zz\"}", "field 'addr'")]
    [InlineData("{\"op\":\"get\",\"addr\":\"b3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262\",\"offset\":-1}", "non-negative")]
    public async Task Malformed_storage_requests_get_400_not_500(string json, string reason)
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(One, OapAppId.Storage, 7, System.Text.Encoding.UTF8.GetBytes(json));

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.BadRequest, reply!.Header.Code);
        Assert.Equal("BAD_REQUEST", reply.Envelope!.Code);
        Assert.Contains(reason, reply.Envelope.Message, StringComparison.Ordinal);
        Assert.Equal(7UL, reply.Envelope.CorrId);
        await AssertEchoWorksAsync(raw);
    }

    [Theory]
    [InlineData("{\"op\":\"fly\"}", "unknown mailbox op 'fly'")]
    [InlineData("{\"op\":\"send\",\"topic\":\"t\"}", "exactly one of 'text'")]
    [InlineData("{\"op\":\"send\",\"topic\":\"t\",\"data\":\"!!!\"}", "base64")]
    [InlineData("{\"op\":\"recv\"}", "field 'topic' is required")]
    [InlineData("{\"op\":\"recv\",\"topic\":\"t\",\"max\":0}", "at least 1")]
    public async Task Malformed_mailbox_requests_get_400(string json, string reason)
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);

        await raw.SendAsync(One, OapAppId.Mailbox, 8, System.Text.Encoding.UTF8.GetBytes(json));

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.BadRequest, reply!.Header.Code);
        Assert.Contains(reason, reply.Envelope!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_that_disconnects_mid_put_stores_nothing()
    {
        var data = StorageRoundTripTests.Seeded(3 << 20, seed: 77);
        var addr = ContentId.Compute(data);
        await using (var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address))
        {
            await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 9, System.Text.Encoding.UTF8.GetBytes($"{{\"op\":\"put\",\"addr\":\"{addr}\"}}"));
            for (var i = 0; i < 3; i++)
            {
                await raw.SendAsync(OapFlags.Req, OapAppId.Storage, 9, data.AsSpan(i << 19, 1 << 19));
            }

            // Wait for the node to have the PUT under way (a temp file exists) before dropping the connection.
            await Testing.Poll.UntilAsync(() => Directory.EnumerateFiles(Path.Combine(fixture.Node.DataDir, "store", "tmp")).Any(), TimeSpan.FromSeconds(10), "the PUT's temp file");
        }

        await using var client = await fixture.ConnectAsync();
        await Testing.Poll.UntilAsync(() => !Directory.EnumerateFiles(Path.Combine(fixture.Node.DataDir, "store", "tmp")).Any(), TimeSpan.FromSeconds(10), "the aborted PUT's temp file to be removed");
        Assert.False((await client.StatAsync(addr)).Exists);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fixture.Node.DataDir, "store", "blobs"), addr.Hex + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Start_on_a_corr_id_already_in_flight_gets_409()
    {
        await using var raw = await RawOapConnection.ConnectAsync(fixture.Node.Address);
        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 50, "{\"op\":\"put\"}"u8);

        await raw.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 50, "{\"op\":\"put\"}"u8);

        var reply = await raw.ReadFrameAsync();
        Assert.Equal(OapStatus.Conflict, reply!.Header.Code);
        Assert.Equal("CONFLICT", reply.Envelope!.Code);
        await raw.SendAsync(OapFlags.Req | OapFlags.End, OapAppId.Storage, 50, "abc"u8);
        var put = await raw.ReadFrameAsync();
        Assert.Equal(0, put!.Header.Code);
        Assert.Contains(ContentId.Compute("abc"u8).ToString(), System.Text.Encoding.UTF8.GetString(put.Payload), StringComparison.Ordinal);
    }

    internal static async Task AssertEchoWorksAsync(RawOapConnection raw)
    {
        var corr = (ulong)Random.Shared.NextInt64(1000, long.MaxValue);
        await raw.SendAsync(One, OapAppId.Echo, corr, "still here"u8);
        var (last, body, _) = await raw.ReadMessageAsync(corr);
        Assert.Equal(0, last.Code);
        Assert.Equal("still here"u8.ToArray(), body);
    }
}
