namespace RustyOnions.Sdk.Connection;

/// <summary>
/// Bytes of reply frames received on one connection but not yet taken by their callers. The read
/// loop stops reading from the socket while the total is over the limit (TCP backpressure then
/// slows the node) and resumes when callers have drained it below half the limit.
/// </summary>
internal sealed class ReplyBudget(long limit)
{
    private readonly Lock _lock = new();
    private long _buffered;
    private TaskCompletionSource? _drained;

    public long Limit { get; } = limit;

    public long Buffered
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    public void Add(int bytes)
    {
        lock (_lock)
        {
            _buffered += bytes;
        }
    }

    public void Release(int bytes)
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _buffered -= bytes;
            if (_drained is not null && _buffered <= Limit / 2)
            {
                wake = _drained;
                _drained = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Completes at once while under the limit, else when callers have drained half of it.</summary>
    public Task WaitBelowLimitAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_buffered <= Limit)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(ct);
        }
    }
}
