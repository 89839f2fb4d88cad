using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Oap;
using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>One node for all golden cases: max_inflight 2, mailbox quota 1/s burst 1, 64 KiB decompression cap.</summary>
public sealed class GoldenNodeFixture : IAsyncLifetime
{
    public GuardNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await GuardNode.StartAsync(new()
    {
        ["RON_MAX_INFLIGHT"] = "2",
        ["RON_QUOTA_MAILBOX_RPS"] = "1",
        ["RON_QUOTA_MAILBOX_BURST"] = "1",
        ["RON_MAX_DECOMPRESSED_BYTES"] = "65536",
        ["RON_POLICY"] = RepoPaths.Combine("specs", "vectors", "policy", "golden-node.json"),
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>Every failure path answers the status and envelope in specs/vectors/errors/*.json, and counts it in ron_errors_total.</summary>
[Trait("Category", "Slow")]
public sealed class ErrorGoldenTests(GoldenNodeFixture fixture) : IClassFixture<GoldenNodeFixture>
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoldenEnvelope.Names(node: null))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Failure_path_answers_its_golden_envelope(string name)
    {
        using var vector = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Combine("specs", "vectors", "errors", name + ".json")));
        var v = vector.RootElement;
        var corr = ulong.Parse(v.GetProperty("corr_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var code = v.GetProperty("code").GetString()!;
        var admin = fixture.Node.Node.AdminUri;
        var before = await Metrics.ValueAsync(admin, $"ron_errors_total{{code=\"{code}\"}}");

        var (header, payload) = await TriggerAsync(name, corr);

        await GoldenEnvelope.AssertAsync(v, header, payload, admin, before);
    }

    private async Task<(OapHeader, byte[])> TriggerAsync(string name, ulong corr)
    {
        await using var c = await RawOapClient.ConnectAsync(fixture.Node.Node.Address);
        var one = OapFlags.Req | OapFlags.Start | OapFlags.End;
        switch (name)
        {
            case "bad_json":
                await c.SendAsync(one, OapAppId.Storage, 1, corr, "{not json"u8.ToArray());
                break;
            case "unknown_op":
                await c.SendAsync(one, OapAppId.Storage, 1, corr, """{"op":"nope"}"""u8.ToArray());
                break;
            case "unknown_app":
                await c.SendAsync(one, 0x7777, 1, corr, "{}"u8.ToArray());
                break;
            case "missing_object":
                await c.SendAsync(one, OapAppId.Storage, 1, corr, Encoding.UTF8.GetBytes($$"""{"op":"get","addr":"b3:{{new string('0', 64)}}"}"""));
                break;
            case "duplicate_corr_id":
                await c.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 1, corr, """{"op":"put"}"""u8.ToArray());
                await c.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 1, corr, """{"op":"put"}"""u8.ToArray());
                var dup = await c.ReadFrameAsync();
                await c.SendAsync(OapFlags.Req | OapFlags.End, OapAppId.Storage, 1, corr, "x"u8.ToArray());
                return dup;
            case "json_too_large":
                await c.SendAsync(one, OapAppId.Storage, 1, corr, Encoding.UTF8.GetBytes("{\"op\":\"stat\",\"pad\":\"" + new string('a', 70_000) + "\"}"));
                break;
            case "comp_ratio":
                await c.SendAsync(one | OapFlags.Comp, OapAppId.Echo, 1, corr, Zstd(new byte[4 << 20]));
                break;
            case "comp_decompressed_size":
                var noise = new byte[100_000];
                new Random(5).NextBytes(noise);
                await c.SendAsync(one | OapFlags.Comp, OapAppId.Echo, 1, corr, Zstd(noise));
                break;
            case "comp_not_zstd":
                await c.SendAsync(one | OapFlags.Comp, OapAppId.Echo, 1, corr, "definitely not zstd"u8.ToArray());
                break;
            case "over_quota":
                await c.SendAsync(one, OapAppId.Mailbox, 4242, corr - 1, """{"op":"recv","topic":"g"}"""u8.ToArray());
                await c.ReadReplyAsync(corr - 1);
                await c.SendAsync(one, OapAppId.Mailbox, 4242, corr, """{"op":"recv","topic":"g"}"""u8.ToArray());
                break;
            case "overload":
                await c.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 1, 901, """{"op":"put"}"""u8.ToArray());
                await c.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 1, 902, """{"op":"put"}"""u8.ToArray());
                await Poll.UntilAsync(async () => await Metrics.ValueAsync(fixture.Node.Node.AdminUri, "ron_inflight_requests") >= 2, TimeSpan.FromSeconds(10), "gate full");
                await c.SendAsync(one, OapAppId.Echo, 1, corr, "x"u8.ToArray());
                var rejected = await c.ReadReplyAsync(corr);
                // Closing the connection (dispose) aborts both PUTs and frees the gate for the next case.
                return rejected;
            case "insufficient_storage":
                await c.SendAsync(one, OapAppId.Storage, 5070, corr, """{"op":"put","size":100}"""u8.ToArray());
                break;
            case "policy_max_object":
                await c.SendAsync(one, OapAppId.Storage, 4130, corr, """{"op":"put","size":10}"""u8.ToArray());
                break;
            case "daily_budget":
                await c.SendAsync(OapFlags.Req | OapFlags.Start, OapAppId.Storage, 4290, corr - 1, """{"op":"put"}"""u8.ToArray());
                await c.SendAsync(OapFlags.Req | OapFlags.End, OapAppId.Storage, 4290, corr - 1, "xy"u8.ToArray());
                var put = await c.ReadReplyAsync(corr - 1);
                Assert.Equal((ushort)0, put.Header.Code);
                await c.SendAsync(one, OapAppId.Storage, 4290, corr, Encoding.UTF8.GetBytes($$"""{"op":"get","addr":"{{RustyOnions.Proto.Content.ContentId.Compute("xy"u8)}}"}"""));
                break;
            case "frame_too_large":
                var big = new byte[8];
                BinaryPrimitives.WriteUInt32LittleEndian(big, (1u << 20) + 1);
                big[4] = OapHeader.Version;
                await c.SendRawAsync(big);
                return await c.ReadFrameAsync();
            case "bad_version":
                var frame = OapFrameWriter.ToArray(new OapHeader(one, 0, OapAppId.Echo, 1, 5), [], "x"u8);
                frame[4] = 9;
                await c.SendRawAsync(frame);
                return await c.ReadFrameAsync();
            default:
                throw new InvalidOperationException($"no trigger for vector '{name}': add one to {nameof(ErrorGoldenTests)}");
        }

        return await c.ReadReplyAsync(corr);
    }

    private static byte[] Zstd(byte[] data)
    {
        using var z = new ZstdSharp.Compressor(3);
        return z.Wrap(data).ToArray();
    }
}
