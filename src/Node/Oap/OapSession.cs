using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>The live requests of one connection, keyed by corr_id.</summary>
internal sealed class OapSession
{
    private readonly OapConnectionHandler _handler;
    private readonly OapDispatcher _dispatcher;
    private readonly Dictionary<ulong, OapRequest> _live = [];
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running = 1; // one for the connection itself, dropped by CloseAsync
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closed;

    public OapSession(OapConnectionHandler handler, OapDispatcher dispatcher, OapConnectionInfo info, CancellationToken connectionClosed)
    {
        _handler = handler;
        _dispatcher = dispatcher;
        Info = info;
        _closed = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
    }

    public OapConnectionInfo Info { get; }

    public CancellationToken Closed => _closed.Token;

    public async ValueTask OnFrameAsync(OapFrame frame)
    {
        var header = frame.Header;
        if ((header.Flags & OapFlags.Resp) != 0 && (header.Flags & OapFlags.Req) == 0)
        {
            return; // clients do not send responses on this connection; ignore
        }

        OapRequest? existing;
        lock (_gate)
        {
            _live.TryGetValue(header.CorrId, out existing);
        }

        if (existing is not null)
        {
            if (header.IsStart)
            {
                await RejectDuplicateAsync(header).ConfigureAwait(false);
                return;
            }

            if (_handler.TryReadPayload(header, frame.Payload, out var chunk) is { } broken)
            {
                existing.AbortBody(broken); // the handler's body read throws it; RunRequestAsync answers it
                return;
            }

            try
            {
                await existing.BodyWriter.WriteAsync(chunk, Closed).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                chunk.Return(); // the handler already finished (e.g. rejected the PUT); drop the rest
            }

            if (header.IsEnd)
            {
                existing.CompleteBody();
            }

            return;
        }

        const OapFlags known = OapFlags.Req | OapFlags.Resp | OapFlags.Event | OapFlags.Start | OapFlags.End | OapFlags.AckReq | OapFlags.Comp | OapFlags.AppE2E;
        if (!header.IsStart && (header.Flags & known) != 0)
        {
            return; // a middle or END frame of a stream we never saw or already answered
        }

        // A new request: START, or a legacy frame with neither START nor END (a whole message).
        var complete = header.IsEnd || !header.IsStart;
        if (_handler.Authenticate(header, frame.Cap, out var cap) is { } unauthenticated)
        {
            await RejectAsync(header, unauthenticated).ConfigureAwait(false);
            return;
        }

        if (_handler.Admit(header) is { } refused)
        {
            await RejectAsync(header, refused).ConfigureAwait(false);
            return;
        }

        if (_handler.TryReadPayload(header, frame.Payload, out var head) is { } bad)
        {
            _handler.Unadmit(header);
            await RejectAsync(header, bad).ConfigureAwait(false);
            return;
        }

        if (_handler.Authorize(header, cap, head) is { } denied)
        {
            head.Return();
            _handler.Unadmit(header);
            await RejectAsync(header, denied).ConfigureAwait(false);
            return;
        }

        var request = new OapRequest(header, frame.Cap.IsEmpty ? [] : System.Buffers.BuffersExtensions.ToArray(frame.Cap), head, complete, new OapResponder(Info.Sender, header), bodyWindow: 8);
        var service = _dispatcher.Find(header.AppProtoId);
        lock (_gate)
        {
            _live[header.CorrId] = request;
        }

        Interlocked.Increment(ref _running);
        ThreadPool.QueueUserWorkItem(static s => _ = s.Session.RunAsync(s.Request, s.Service), (Session: this, Request: request, Service: service), preferLocal: false);
    }

    /// <summary>True while at least one request of this connection is running.</summary>
    public bool HasLiveRequests
    {
        get
        {
            lock (_gate)
            {
                return _live.Count > 0;
            }
        }
    }

    public void Forget(OapRequest request)
    {
        lock (_gate)
        {
            if (_live.TryGetValue(request.CorrId, out var current) && ReferenceEquals(current, request))
            {
                _live.Remove(request.CorrId);
            }
        }

        request.AbortBody(new InvalidOperationException("request finished"));
        request.DrainBody();
    }

    public async Task CloseAsync()
    {
        lock (_gate)
        {
            foreach (var request in _live.Values)
            {
                request.AbortBody(new EndOfStreamException("connection closed before the request body ended"));
            }
        }

        await _closed.CancelAsync().ConfigureAwait(false);
        if (Interlocked.Decrement(ref _running) != 0)
        {
            await _idle.Task.ConfigureAwait(false);
        }

        _closed.Dispose();
    }

    /// <summary>Runs one request on the thread pool; the last one to finish after close wakes CloseAsync.</summary>
    private async Task RunAsync(OapRequest request, IOapService? service)
    {
        try
        {
            await _handler.RunRequestAsync(this, request, service).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async ValueTask RejectAsync(OapHeader header, OapServiceException e)
    {
        var responder = new OapResponder(Info.Sender, header);
        try
        {
            await responder.FailAsync(e.Status, e.Code, e.Message, e.Retryable, e.RetryAfterMs, Closed, e.Reason).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async ValueTask RejectDuplicateAsync(OapHeader header)
    {
        var responder = new OapResponder(Info.Sender, header);
        try
        {
            await responder.FailAsync(OapStatus.Conflict, OapErrorCode.Conflict, $"corr_id {header.CorrId} is already in flight on this connection", false, null, Closed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
