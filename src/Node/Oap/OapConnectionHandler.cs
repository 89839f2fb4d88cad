using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Metrics;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;
using RustyOnions.Transport.Tls.Connections;

namespace RustyOnions.Node.Oap;

/// <summary>
/// Kestrel hosts OAP/1 through this handler: one read loop per connection decodes frames straight
/// from the transport pipe and hands each request to its service on its own task, so requests on
/// one connection are multiplexed by corr_id.
/// </summary>
public sealed partial class OapConnectionHandler : ConnectionHandler
{
    private readonly OapDispatcher _dispatcher;
    private readonly NodeMetrics _metrics;
    private readonly OapServerOpts _opts;
    private readonly ILogger<OapConnectionHandler> _log;
    private readonly Accounting.UsageLedger? _usage;

    /// <summary>Created by DI.</summary>
    public OapConnectionHandler(OapDispatcher dispatcher, NodeMetrics metrics, OapServerOpts opts, AdmissionControl admission, GuardOpts guard, ILogger<OapConnectionHandler> log, Accounting.UsageLedger? usage = null, Auth.AccessGate? access = null)
    {
        _usage = usage;
        _access = access;
        _admission = admission;
        _guard = guard;
        _connections = new InflightGate(guard.MaxConnections);
        _maxDecompressed = guard.EffectiveMaxDecompressed(opts.MaxFrame);
        _dispatcher = dispatcher;
        _metrics = metrics;
        _opts = opts;
        _log = log;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!_connections.TryEnter())
        {
            // Over max_connections: close at once; the client sees EOF before any reply.
            _admission.Metrics.ConnectionRefused();
            LogConnectionRefused(connection.ConnectionId, _connections.Max);
            return;
        }

        _metrics.ConnectionOpened();
        using var sender = new OapFrameSender(connection.Transport.Output, _metrics, _opts.MaxFrame);
        var info = new OapConnectionInfo(connection.ConnectionId, sender, RemotePeerOf(connection)) { InboundMaxFrame = _opts.MaxFrame, CloseAction = connection.Transport.Input.CancelPendingRead };
        var session = new OapSession(this, _dispatcher, info, connection.ConnectionClosed);
        try
        {
            await ReadLoopAsync(connection, session).ConfigureAwait(false);
        }
        catch (ConnectionResetException)
        {
            LogReset(connection.ConnectionId);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException e)
        {
            LogIoError(connection.ConnectionId, e.Message);
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
            sender.Close();
            _metrics.ConnectionClosed();
            _connections.Exit();
        }
    }

    private async Task ReadLoopAsync(ConnectionContext connection, OapSession session)
    {
        var input = connection.Transport.Input;
        var ct = connection.ConnectionClosed;
        var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long partialSince = 0; // timestamp when the frame now pending began to arrive; 0 = none
        try
        {
            while (true)
            {
                // Between frames the idle timeout applies; inside a frame, what is left of the frame timeout.
                var limit = partialSince == 0 ? _guard.IdleTimeout : _guard.FrameTimeout - System.Diagnostics.Stopwatch.GetElapsedTime(partialSince);
                timer.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.FromMilliseconds(1));
                System.IO.Pipelines.ReadResult result;
                try
                {
                    result = await input.ReadAsync(timer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    if (partialSince != 0)
                    {
                        _admission.Metrics.SlowClient();
                        LogSlowClient(connection.ConnectionId, _guard.FrameTimeout.TotalMilliseconds);
                        return;
                    }

                    if (!session.HasLiveRequests)
                    {
                        LogIdle(connection.ConnectionId);
                        return;
                    }

                    timer.Dispose(); // a request is still running (e.g. a long GET): keep waiting
                    timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    continue;
                }

                if (!timer.TryReset())
                {
                    timer.Dispose();
                    timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                }

                var buffer = result.Buffer;
                var consumedBefore = buffer.Length;
                var frames = 0;
                try
                {
                    while (OapFrameReader.TryRead(ref buffer, session.Info.InboundMaxFrame, out var frame))
                    {
                        frames++;
                        await session.OnFrameAsync(frame).ConfigureAwait(false);
                    }
                }
                catch (OapProtocolException e)
                {
                    _metrics.ProtocolError(e.Error.ToString());
                    LogProtocolError(connection.ConnectionId, e.Message);
                    await SendProtocolErrorAsync(session.Info.Sender, e).ConfigureAwait(false);
                    return;
                }

                _metrics.BytesReceived(consumedBefore - buffer.Length);
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (session.Info.CloseRequested)
                    {
                        LogClosedByService(connection.ConnectionId);
                        return;
                    }

                    if (!buffer.IsEmpty)
                    {
                        _metrics.ProtocolError(nameof(OapProtocolError.Truncated));
                        LogProtocolError(connection.ConnectionId, $"connection ended inside a frame ({buffer.Length} bytes pending)");
                    }

                    return;
                }

                partialSince = buffer.IsEmpty ? 0 : (frames > 0 || partialSince == 0 ? System.Diagnostics.Stopwatch.GetTimestamp() : partialSince);
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            timer.Dispose();
        }
    }

    private static async Task SendProtocolErrorAsync(OapFrameSender sender, OapProtocolException e)
    {
        var code = e.Status == OapStatus.TooLarge ? OapErrorCode.TooLarge : OapErrorCode.BadRequest;
        var envelope = new OapErrorEnvelope(code, "malformed frame: " + e.Message, false, 0).ToUtf8();
        sender.Metrics.ErrorSent(code);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await sender.SendAsync(new OapHeader(OapFlags.Resp | OapFlags.Start | OapFlags.End, e.Status, 0, 0, 0), envelope, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The peer is gone or not reading; closing is all that is left.
        }
    }

    private static string? RemotePeerOf(ConnectionContext connection) => connection.GetRemotePeer()?.ToString();

    internal async Task RunRequestAsync(OapSession session, OapRequest request, IOapService? service)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var appName = service?.Name ?? "unknown";
        _metrics.RequestStarted();
        var ct = session.Closed;
        try
        {
            if (service is null)
            {
                throw OapServiceException.NotFound($"unknown app_proto_id 0x{request.Header.AppProtoId:x4}");
            }

            await service.HandleAsync(request, session.Info, ct).ConfigureAwait(false);
            if (!request.Responder.Finished)
            {
                throw new InvalidOperationException($"{service.Name} returned without finishing its reply");
            }
        }
        catch (OapServiceException e)
        {
            await TryFailAsync(request, e.Status, e.Code, e.Message, e.Retryable, e.RetryAfterMs, ct, e.Reason).ConfigureAwait(false);
            if (e.CloseConnection)
            {
                session.Info.Close();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Connection gone: nothing to answer.
        }
        catch (EndOfStreamException)
        {
            // The request body was cut off by a disconnect; the service already discarded its work.
        }
        catch (Exception e)
        {
            LogHandlerFailure(e, appName, request.CorrId);
            await TryFailAsync(request, OapStatus.Internal, OapErrorCode.Internal, "internal error; see the node log for corr_id " + request.CorrId, true, null, ct).ConfigureAwait(false);
        }
        finally
        {
            _admission.Release(request.Header.AppProtoId);
            _usage?.Request(request.Tenant, appName);
            session.Forget(request);
            _metrics.RequestFinished(appName, request.Responder.Status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task TryFailAsync(OapRequest request, ushort status, string code, string message, bool retryable, long? retryAfterMs, CancellationToken ct, string? reason = null)
    {
        try
        {
            await request.Responder.FailAsync(status, code, message, retryable, retryAfterMs, ct, reason).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "conn {ConnectionId}: reset by peer")]
    private partial void LogReset(string connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "conn {ConnectionId}: I/O error {Error}")]
    private partial void LogIoError(string connectionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "conn {ConnectionId}: protocol error, closing: {Error}")]
    private partial void LogProtocolError(string connectionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "conn {ConnectionId}: closed after a protocol violation inside a request")]
    private partial void LogClosedByService(string connectionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{App} handler failed for corr_id {CorrId}")]
    private partial void LogHandlerFailure(Exception e, string app, ulong corrId);
}
