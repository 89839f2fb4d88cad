using System.Threading.Channels;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Oap;

/// <summary>
/// One request as a service sees it: the START frame's header, cap and payload (<see cref="Head"/>),
/// the payloads of any following frames (<see cref="ReadBodyAsync"/>), and a responder.
/// </summary>
public sealed class OapRequest
{
    // Null for a one-frame request (START|END), by far the common case: no channel per request.
    private readonly Channel<BodyChunk>? _body;

    internal OapRequest(OapHeader header, byte[] cap, BodyChunk head, bool complete, OapResponder responder, int bodyWindow)
    {
        Header = header;
        Cap = cap;
        HeadChunk = head;
        Responder = responder;
        if (!complete)
        {
            _body = Channel.CreateBounded<BodyChunk>(new BoundedChannelOptions(bodyWindow) { SingleReader = true, SingleWriter = true });
        }
    }

    /// <summary>The START frame's header.</summary>
    public OapHeader Header { get; }

    /// <summary>The capability bytes (may be empty).</summary>
    public byte[] Cap { get; }

    /// <summary>The START frame's payload.</summary>
    public ReadOnlyMemory<byte> Head => HeadChunk.Memory;

    /// <summary>Sends the reply frames.</summary>
    public OapResponder Responder { get; }

    /// <summary>The tenant of the request.</summary>
    public UInt128 Tenant => Header.TenantId;

    /// <summary>The correlation id.</summary>
    public ulong CorrId => Header.CorrId;

    internal BodyChunk HeadChunk { get; }

    internal ChannelWriter<BodyChunk> BodyWriter => (_body ?? Completed).Writer;

    private static Channel<BodyChunk> Completed { get; } = CreateCompleted();

    /// <summary>
    /// Yields the payloads of the frames after START, until END. The caller must
    /// <see cref="BodyChunk.Return"/> each chunk. Ends early (with <see cref="EndOfStreamException"/>)
    /// if the connection drops before END.
    /// </summary>
    public async IAsyncEnumerable<BodyChunk> ReadBodyAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (_body is null)
        {
            yield break;
        }

        while (await _body.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (_body.Reader.TryRead(out var chunk))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>Marks the body as ended by END.</summary>
    internal void CompleteBody() => _body?.Writer.TryComplete();

    /// <summary>Marks the body as broken (connection lost, protocol error).</summary>
    internal void AbortBody(Exception reason) => _body?.Writer.TryComplete(reason);

    /// <summary>Returns any chunks nobody read.</summary>
    internal void DrainBody()
    {
        while (_body is not null && _body.Reader.TryRead(out var chunk))
        {
            chunk.Return();
        }

        HeadChunk.Return();
    }

    private static Channel<BodyChunk> CreateCompleted()
    {
        var c = Channel.CreateBounded<BodyChunk>(1);
        c.Writer.TryComplete();
        return c;
    }
}
