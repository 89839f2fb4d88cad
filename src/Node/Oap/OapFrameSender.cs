using System.IO.Pipelines;
using RustyOnions.Node.Metrics;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>
/// Serialises reply frames from concurrent handlers onto one connection. Each frame is written
/// whole under a lock and flushed (flushes of a burst coalesced), so frames of different streams interleave at frame boundaries
/// and a slow reader applies backpressure to the handlers (bounded memory per connection).
/// </summary>
public sealed class OapFrameSender : IDisposable
{
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _closed;
    private int _queued; // senders between entering SendAsync and writing their frame

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

    /// <summary>
    /// Writes one frame and flushes it, unless another sender is already queued behind this one:
    /// then that sender's flush carries this frame too (one TLS record and syscall for a burst of
    /// replies). The last sender of a burst always flushes, so no frame is left unflushed.
    /// </summary>
    public async ValueTask SendAsync(OapHeader header, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _lock.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await LeaveQueueAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            if (_closed)
            {
                Interlocked.Decrement(ref _queued);
                throw new OperationCanceledException("connection closed");
            }

            OapFrameWriter.Write(_output, header, ReadOnlySpan<byte>.Empty, payload.Span, MaxFrame);
            Metrics.BytesSent(OapHeader.HeaderSize + payload.Length);
            if (Interlocked.Decrement(ref _queued) > 0)
            {
                return; // a sender waiting for the lock flushes after writing its own frame
            }

            var result = await _output.FlushAsync(ct).ConfigureAwait(false);
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

    /// <summary>
    /// A queued sender gave up waiting (cancelled). If it was the last one queued, frames written by
    /// senders that counted on it may be unflushed: flush them.
    /// </summary>
    private async ValueTask LeaveQueueAsync()
    {
        if (Interlocked.Decrement(ref _queued) > 0)
        {
            return;
        }

        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_closed && Volatile.Read(ref _queued) == 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    _ = await _output.FlushAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
                {
                    _closed = true; // the peer is not reading; the connection is going away
                }
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
