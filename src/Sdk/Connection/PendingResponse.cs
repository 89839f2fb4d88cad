using System.Threading.Channels;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Sdk.Connection;

/// <summary>The reply frames of one request, in order, with a bounded window so a slow consumer
/// applies backpressure instead of growing memory.</summary>
internal sealed class PendingResponse
{
    private readonly Channel<ResponseFrame> _frames = Channel.CreateBounded<ResponseFrame>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });

    public PendingResponse(ulong corrId) => CorrId = corrId;

    public ulong CorrId { get; }

    public ValueTask PushAsync(ResponseFrame frame, CancellationToken ct) => _frames.Writer.WriteAsync(frame, ct);

    public void Fail(Exception e) => _frames.Writer.TryComplete(e);

    /// <summary>Reads frames until END, calling <paramref name="sink"/> with each payload; throws the node's error.</summary>
    public async Task ReadAsync(Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct)
    {
        while (true)
        {
            ResponseFrame frame;
            try
            {
                frame = await _frames.Reader.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new RonException($"connection closed before the reply to corr_id {CorrId} ended", e.InnerException ?? e);
            }

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
}
