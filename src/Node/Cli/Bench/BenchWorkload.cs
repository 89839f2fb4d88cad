using RustyOnions.Proto.Content;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli.Bench;

/// <summary>The state one `--op` needs (an object to GET, names to resolve, a topic) and one request of it.</summary>
internal sealed class BenchWorkload
{
    private readonly string _op;
    private readonly byte[] _payload;
    private readonly ContentId _addr;
    private readonly string[] _names;
    private readonly string _topic = "bench-" + Guid.NewGuid().ToString("N");

    private BenchWorkload(string op, byte[] payload, ContentId addr, string[] names)
    {
        _op = op;
        _payload = payload;
        _addr = addr;
        _names = names;
    }

    /// <summary>Uploads the object or publishes the names the op reads, through <paramref name="client"/>.</summary>
    public static async Task<BenchWorkload> PrepareAsync(BenchSettings s, RonClient client, CancellationToken ct)
    {
        var payload = new byte[s.ObjectSize];
        new Random(42).NextBytes(payload);
        ContentId addr = default;
        if (s.Op is "get-small" or "get-large")
        {
            addr = (await client.PutAsync(payload, ct).ConfigureAwait(false)).Addr;
        }

        var names = s.Op.StartsWith("resolve", StringComparison.Ordinal) ? await IndexBench.SeedAsync(client, s.Names, ct).ConfigureAwait(false) : [];
        return new BenchWorkload(s.Op, payload, addr, names);
    }

    /// <summary>One request; returns the payload bytes moved (for MB/s).</summary>
    public async ValueTask<long> RunOnceAsync(RonClient client, long seq, CancellationToken ct)
    {
        switch (_op)
        {
            case "get-small" or "get-large":
                return await client.GetAsync(_addr, DiscardStream.Instance, ct: ct).ConfigureAwait(false);
            case "put":
                // Vary the first bytes so every PUT writes a new object.
                var body = (byte[])_payload.Clone();
                BitConverter.TryWriteBytes(body, seq);
                await client.PutAsync(body, ct).ConfigureAwait(false);
                return body.Length;
            case "resolve" or "resolve-fanout":
                var fan = _op == "resolve-fanout";
                _ = await client.ResolveAsync(_names[(int)((ulong)seq * 2654435761UL % (ulong)_names.Length)], fanOut: fan, consistent: fan, ct: ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("a published name did not resolve");
                return 0;
            case "mailbox-cycle":
                // SEND, then RECV one message and ACK it: a full at-least-once round.
                await client.SendAsync(_topic, _payload, null, ct).ConfigureAwait(false);
                foreach (var m in await client.RecvAsync(_topic, 1, null, ct).ConfigureAwait(false))
                {
                    await client.AckAsync(m.MsgId, ct).ConfigureAwait(false);
                }

                return _payload.Length;
            default:
                await client.SendAsync(_topic, _payload, null, ct).ConfigureAwait(false);
                return _payload.Length;
        }
    }
}
