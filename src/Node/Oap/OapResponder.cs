using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>
/// Sends the reply to one request: a single frame, or a stream of frames (START … END). Tracks
/// whether a stream has started so a failure mid-stream ends it correctly.
/// </summary>
public sealed class OapResponder
{
    private readonly OapFrameSender _sender;
    private readonly OapHeader _request;
    private bool _started;

    internal OapResponder(OapFrameSender sender, OapHeader request)
    {
        _sender = sender;
        _request = request;
    }

    /// <summary>True once the reply (or its first frame) went out.</summary>
    public bool Started => _started;

    /// <summary>True once the last frame went out.</summary>
    public bool Finished { get; private set; }

    /// <summary>The status sent (0 for success).</summary>
    public ushort Status { get; private set; }

    /// <summary>The largest payload a reply frame may carry.</summary>
    public int MaxPayload => _sender.MaxPayload;

    /// <summary>Sends the whole reply as one frame.</summary>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> payload, CancellationToken ct) => SendAsync(payload, last: true, ct);

    /// <summary>Sends the next frame of a streamed reply; <paramref name="last"/> ends it.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, bool last, CancellationToken ct)
    {
        if (Finished)
        {
            throw new InvalidOperationException($"reply to corr_id {_request.CorrId} already finished");
        }

        var flags = OapFlags.Resp;
        if (!_started)
        {
            flags |= OapFlags.Start;
            _started = true;
        }

        if (last)
        {
            flags |= OapFlags.End;
            Finished = true;
        }

        return _sender.SendAsync(Header(flags, OapStatus.Ok), payload, ct);
    }

    /// <summary>Sends an error envelope: a one-frame reply, or the END of a stream already started.</summary>
    public ValueTask FailAsync(ushort status, string code, string message, bool retryable, long? retryAfterMs, CancellationToken ct, string? reason = null)
    {
        if (Finished)
        {
            return ValueTask.CompletedTask;
        }

        var flags = OapFlags.Resp | OapFlags.End | (_started ? 0 : OapFlags.Start);
        _started = true;
        Finished = true;
        Status = status;
        var envelope = new OapErrorEnvelope(code, message, retryable, _request.CorrId, retryAfterMs, reason).ToUtf8();
        _sender.Metrics.ErrorSent(code);
        return _sender.SendAsync(Header(flags, status), envelope, ct);
    }

    private OapHeader Header(OapFlags flags, ushort code) =>
        new(flags, code, _request.AppProtoId, _request.TenantId, _request.CorrId);
}
