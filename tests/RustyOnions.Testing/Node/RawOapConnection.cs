using System.Buffers;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;
using RustyOnions.Transport.Tls.Client;

namespace RustyOnions.Testing.Node;

/// <summary>
/// A bare TLS connection to a node that sends hand-made bytes and reads frames one by one: for
/// protocol tests the SDK would never produce (truncated frames, bad versions, legacy flags).
/// </summary>
public sealed class RawOapConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[(4 << 20) + 64];
    private int _start;
    private int _end;

    private RawOapConnection(Stream stream) => _stream = stream;

    /// <summary>Connects with the node's PeerId pin.</summary>
    public static async Task<RawOapConnection> ConnectAsync(NodeAddress address, CancellationToken ct = default) =>
        new(await TlsDialer.ConnectAsync(address, TlsDialOpts.Default, ct).ConfigureAwait(false));

    /// <summary>Sends raw bytes.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sends one well-formed frame.</summary>
    public Task SendAsync(OapFlags flags, ushort app, ulong corr, ReadOnlySpan<byte> payload, UInt128 tenant = default, ReadOnlySpan<byte> cap = default) =>
        SendRawAsync(OapFrameWriter.ToArray(new OapHeader(flags, 0, app, tenant, corr), cap, payload, 16 << 20));

    /// <summary>Reads the next frame, or null when the node closed the connection.</summary>
    public async Task<RawFrame?> ReadFrameAsync(CancellationToken ct = default)
    {
        while (true)
        {
            var seq = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
            if (OapFrameReader.TryRead(ref seq, 16 << 20, out var frame))
            {
                var result = new RawFrame(frame.Header, frame.Payload.ToArray());
                _start = _end - (int)seq.Length;
                return result;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            int n;
            try
            {
                n = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            _end += n;
        }
    }

    /// <summary>Reads frames of one corr_id until END, concatenating payloads; returns the last header too.</summary>
    public async Task<(OapHeader Last, byte[] Body, int Frames)> ReadMessageAsync(ulong corr, CancellationToken ct = default)
    {
        using var body = new MemoryStream();
        var frames = 0;
        while (true)
        {
            var f = await ReadFrameAsync(ct).ConfigureAwait(false) ?? throw new IOException("connection closed before END");
            if (f.Header.CorrId != corr)
            {
                continue;
            }

            frames++;
            body.Write(f.Payload);
            if (f.Header.IsEnd)
            {
                return (f.Header, body.ToArray(), frames);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    /// <summary>A received frame.</summary>
    public sealed record RawFrame(OapHeader Header, byte[] Payload)
    {
        /// <summary>The payload as an error envelope (null if it is not one).</summary>
        public OapErrorEnvelope? Envelope => OapErrorEnvelope.TryParse(Payload);
    }
}
