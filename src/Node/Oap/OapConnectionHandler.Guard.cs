using System.Buffers;
using Microsoft.Extensions.Logging;
using RustyOnions.Node.Admission;
using RustyOnions.Node.Oap.Compression;
using RustyOnions.Proto.Errors;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>Guard rails of the read loop: admission at START, bounded COMP decompression, connection cap.</summary>
public sealed partial class OapConnectionHandler
{
    private readonly AdmissionControl _admission;
    private readonly GuardOpts _guard;
    private readonly InflightGate _connections;
    private readonly long _maxDecompressed;

    /// <summary>
    /// Admission for a new request: null when it may run (holding a gate place if gated), else the
    /// rejection to send (429 OVER_QUOTA or 503 OVERLOAD with retry_after_ms).
    /// </summary>
    internal OapServiceException? Admit(OapHeader header)
    {
        switch (_admission.TryAdmit(header.TenantId, header.AppProtoId, out var retryAfterMs))
        {
            case AdmissionDecision.Admitted:
                return null;
            case AdmissionDecision.OverQuota:
                return new OapServiceException(OapStatus.OverQuota, OapErrorCode.OverQuota, $"tenant over its quota for app 0x{header.AppProtoId:x4}; retry in {retryAfterMs} ms", retryable: true, retryAfterMs);
            default:
                return new OapServiceException(OapStatus.Unavailable, OapErrorCode.Overload, $"node overloaded: {_admission.Gate.Max} requests in flight; retry in {retryAfterMs} ms", retryable: true, retryAfterMs);
        }
    }

    /// <summary>Gives back the gate place of a request admitted but never run.</summary>
    internal void Unadmit(OapHeader header) => _admission.Release(header.AppProtoId);

    /// <summary>
    /// Copies a frame payload into a pooled chunk, inflating it first when the frame has COMP.
    /// Returns the error to send instead when inflation fails or trips a cap.
    /// </summary>
    internal OapServiceException? TryReadPayload(OapHeader header, in ReadOnlySequence<byte> payload, out BodyChunk chunk)
    {
        if ((header.Flags & OapFlags.Comp) == 0)
        {
            chunk = BodyChunk.CopyOf(payload);
            return null;
        }

        try
        {
            var (buffer, length) = BoundedZstd.Decompress(payload, _maxDecompressed, _guard.MaxCompressionRatio);
            chunk = BodyChunk.FromPooled(buffer, length);
            return null;
        }
        catch (DecompressionLimitException e)
        {
            chunk = default;
            _admission.Metrics.Oversize(e.Reason == BoundedZstd.ReasonRatio);
            return new OapServiceException(OapStatus.TooLarge, OapErrorCode.TooLarge, e.Message) { Reason = e.Reason };
        }
        catch (InvalidDataException e)
        {
            chunk = default;
            return OapServiceException.BadRequest(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "conn {ConnectionId}: refused, {Max} connections open")]
    private partial void LogConnectionRefused(string connectionId, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "conn {ConnectionId}: slow client, a frame did not arrive within {TimeoutMs} ms; closing")]
    private partial void LogSlowClient(string connectionId, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "conn {ConnectionId}: idle, closing")]
    private partial void LogIdle(string connectionId);
}
