using System.IO.Pipelines;
using RustyOnions.Node.Metrics;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>
/// Serialises reply frames from concurrent handlers onto one connection. Each frame is written
/// whole under a lock and flushed, so frames of different streams interleave at frame boundaries
/// and a slow reader applies backpressure to the handlers (bounded memory per connection).
/// </summary>
public sealed class OapFrameSender : IDisposable
{
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _closed;

    internal OapFrameSender(PipeWriter output, NodeMetrics metrics, int maxFrame)
    {
        _output = output;
        Metrics = metrics;
        MaxFrame = maxFrame;
    }

    /// <summary>The frame limit for frames we send (lowered by HELLO).</summary>
    public int MaxFrame { get; set; }

    /// <summary>Largest payload of a reply frame (no cap on replies).</summary>
    public int MaxPayload => OapFrameWriter.MaxPayload(MaxFrame);

    internal NodeMetrics Metrics { get; }

    /// <summary>Writes and flushes one frame.</summary>
    public async ValueTask SendAsync(OapHeader header, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                throw new OperationCanceledException("connection closed");
            }

            OapFrameWriter.Write(_output, header, ReadOnlySpan<byte>.Empty, payload.Span, MaxFrame);
            var result = await _output.FlushAsync(ct).ConfigureAwait(false);
            Metrics.BytesSent(OapHeader.HeaderSize + payload.Length);
            if (result.IsCanceled || result.IsCompleted)
            {
                _closed = true;
                throw new OperationCanceledException("peer stopped reading");
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops accepting frames.</summary>
    public void Close() => _closed = true;

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
