using RustyOnions.Sdk.Errors;

namespace RustyOnions.Sdk.Connection;

/// <summary>
/// The reply frames of one request, in order. The connection's read loop only enqueues (it never
/// waits on one request, so a slow consumer of one reply does not hold up the replies of other
/// requests on the same connection); memory stays bounded by the connection's
/// <see cref="ReplyBudget"/>, which pauses the read loop when all buffered replies together exceed it.
/// </summary>
internal sealed class PendingResponse
{
    private readonly Queue<ResponseFrame> _frames = new();
    private readonly Lock _lock = new();
    private readonly ReplyBudget _budget;
    private TaskCompletionSource? _waiter;
    private Exception? _fault;
    private bool _abandoned;

    public PendingResponse(ulong corrId, ReplyBudget budget)
    {
        CorrId = corrId;
        _budget = budget;
    }

    public ulong CorrId { get; }

    /// <summary>Queues a frame without waiting; the read loop applies the connection budget itself.</summary>
    public void Push(ResponseFrame frame)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (_abandoned || _fault is not null)
            {
                frame.Return();
                return;
            }

            _budget.Add(frame.Length);
            _frames.Enqueue(frame);
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    public void Fail(Exception e)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _fault ??= e;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>The caller stopped reading (finished, failed or cancelled): frees what is still queued.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _abandoned = true;
            while (_frames.TryDequeue(out var f))
            {
                _budget.Release(f.Length);
                f.Return();
            }
        }
    }

    /// <summary>Reads frames until END, calling <paramref name="sink"/> with each payload; throws the node's error.</summary>
    public async Task ReadAsync(Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct)
    {
        while (true)
        {
            var frame = await NextAsync(ct).ConfigureAwait(false);
            try
            {
                if (frame.Code != 0)
                {
                    throw RonException.FromEnvelope(frame.Code, CorrId, frame.Payload.Span);
                }

                await sink(frame.Payload).ConfigureAwait(false);
            }
            finally
            {
                frame.Return();
            }

            if (frame.IsEnd)
            {
                return;
            }
        }
    }

    /// <summary>Reads the whole reply into one array.</summary>
    public async Task<byte[]> ReadAllAsync(long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ReadAsync(
            payload =>
            {
                if (buffer.Length + payload.Length > limit)
                {
                    throw new RonException($"reply to corr_id {CorrId} exceeds {limit} bytes");
                }

                buffer.Write(payload.Span);
                return ValueTask.CompletedTask;
            },
            ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private async ValueTask<ResponseFrame> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_frames.TryDequeue(out var frame))
                {
                    _budget.Release(frame.Length);
                    return frame;
                }

                if (_fault is not null)
                {
                    throw new RonException($"connection closed before the reply to corr_id {CorrId} ended", _fault);
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
