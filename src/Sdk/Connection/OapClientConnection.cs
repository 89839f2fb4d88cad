using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using RustyOnions.Proto.Oap;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Sdk.Connection;

/// <summary>
/// One OAP/1 connection: a read loop that routes reply frames to requests by corr_id, and a
/// writer that sends whole frames under a lock, so many requests share the connection.
/// </summary>
internal sealed class OapClientConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, PendingResponse> _pending = new();

    // Replies buffered for callers, all requests together: 16 MiB (the old per-request window was
    // 64 frames of up to 1 MiB, blocking the whole read loop when one caller lagged).
    private readonly ReplyBudget _budget = new(16L << 20);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private long _nextCorr;
    private Exception? _fault;

    public OapClientConnection(Stream stream, int maxFrameIn)
    {
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 128 * 1024, minimumReadSize: 16 * 1024));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        MaxFrameIn = maxFrameIn;
        _nextCorr = Random.Shared.NextInt64(1, 1 << 30);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Largest frame we send (lowered by HELLO).</summary>
    public int MaxFrameOut { get; set; } = OapHeader.DefaultMaxFrame;

    /// <summary>Largest frame we accept.</summary>
    public int MaxFrameIn { get; }

    public bool IsFaulted => _fault is not null;

    /// <summary>Reply bytes received but not yet taken by their callers (tests, diagnostics).</summary>
    public long BufferedReplyBytes => _budget.Buffered;

    public (ulong CorrId, PendingResponse Response) Register()
    {
        var corr = (ulong)Interlocked.Increment(ref _nextCorr);
        var pending = new PendingResponse(corr, _budget);
        if (_fault is not null)
        {
            throw new RonException("connection is closed: " + _fault.Message, _fault);
        }

        _pending[corr] = pending;
        return (corr, pending);
    }

    public void Forget(ulong corr)
    {
        if (_pending.TryRemove(corr, out var pending))
        {
            pending.Abandon();
        }
    }

    public async ValueTask SendAsync(OapHeader header, ReadOnlyMemory<byte> cap, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_fault is not null)
            {
                throw new RonException("connection is closed: " + _fault.Message, _fault);
            }

            OapFrameWriter.Write(_writer, header, header.IsStart ? cap.Span : ReadOnlySpan<byte>.Empty, payload.Span, MaxFrameOut);
            await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RonException("sending to the node failed: " + e.Message, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (OapFrameReader.TryRead(ref buffer, MaxFrameIn, out var frame))
                {
                    if (_pending.TryGetValue(frame.Header.CorrId, out var pending))
                    {
                        // Stays registered after END until the caller's Forget, which frees any frames it left unread.
                        pending.Push(new ResponseFrame(frame.Header.Flags, frame.Header.Code, frame.Payload));
                    }
                    else if (frame.Header.CorrId == 0 && frame.Header.Code != 0)
                    {
                        // Connection-level error (malformed frame): the node closes after this.
                        throw RonException.FromEnvelope(frame.Header.Code, 0, frame.Payload.ToArray());
                    }
                }

                if (result.IsCompleted)
                {
                    throw new RonException("the node closed the connection");
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                await _budget.WaitBelowLimitAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _fault = e is RonException ? e : new RonException("connection to the node failed: " + e.Message, e);
            foreach (var pending in _pending.Values)
            {
                pending.Fail(_fault);
            }

            _pending.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        _fault ??= new RonException("client disposed");
        await _writer.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _writeLock.Dispose();
        _closing.Dispose();
    }
}
