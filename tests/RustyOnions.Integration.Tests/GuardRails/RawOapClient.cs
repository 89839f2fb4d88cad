using System.Buffers;
using System.Buffers.Binary;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Oap;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>A bare OAP/1 connection for tests that must send exact frames and see exact replies.</summary>
internal sealed class RawOapClient : IAsyncDisposable
{
    private readonly Stream _stream;

    private RawOapClient(Stream stream) => _stream = stream;

    public static async Task<RawOapClient> ConnectAsync(NodeAddress node, CancellationToken ct = default) =>
        new(await TlsDialer.ConnectAsync(node, TlsDialOpts.Default, ct).ConfigureAwait(false));

    public Stream Stream => _stream;

    public async Task SendAsync(OapFlags flags, ushort app, UInt128 tenant, ulong corr, ReadOnlyMemory<byte> payload, CancellationToken ct = default)
    {
        var bytes = OapFrameWriter.ToArray(new OapHeader(flags, 0, app, tenant, corr), [], payload.Span, 16 << 20);
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public async Task SendAsync(OapFlags flags, ushort app, UInt128 tenant, ulong corr, ReadOnlyMemory<byte> cap, ReadOnlyMemory<byte> payload, CancellationToken ct = default)
    {
        var bytes = OapFrameWriter.ToArray(new OapHeader(flags, 0, app, tenant, corr), cap.Span, payload.Span, 16 << 20);
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public async Task SendRawAsync(byte[] bytes, CancellationToken ct = default)
    {
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads one whole frame; returns its header and payload.</summary>
    public async Task<(OapHeader Header, byte[] Payload)> ReadFrameAsync(CancellationToken ct = default)
    {
        var prefix = new byte[4];
        await _stream.ReadExactlyAsync(prefix, ct).ConfigureAwait(false);
        var len = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        var rest = new byte[len];
        await _stream.ReadExactlyAsync(rest, ct).ConfigureAwait(false);
        var frame = OapFrameReader.ReadSingle(prefix.Concat(rest).ToArray(), 16 << 20);
        return (frame.Header, frame.Payload.ToArray());
    }

    /// <summary>Reads frames until the one for <paramref name="corr"/> with END.</summary>
    public async Task<(OapHeader Header, byte[] Payload)> ReadReplyAsync(ulong corr, CancellationToken ct = default)
    {
        while (true)
        {
            var f = await ReadFrameAsync(ct).ConfigureAwait(false);
            if (f.Header.CorrId == corr && (f.Header.IsEnd || f.Header.Flags == OapFlags.Resp))
            {
                return f;
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
