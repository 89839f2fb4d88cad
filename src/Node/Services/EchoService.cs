using System.Buffers;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services;

/// <summary>Echo (0x0F01): the request payload comes back, frame for frame.</summary>
public sealed class EchoService : IOapService
{
    /// <inheritdoc />
    public ushort AppId => OapAppId.Echo;

    /// <inheritdoc />
    public string Name => "echo";

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        if (request.Header.IsEnd || !request.Header.IsStart)
        {
            await request.Responder.ReplyAsync(request.Head, ct).ConfigureAwait(false);
            return;
        }

        // Streamed echo: send each frame back as it arrives, holding at most one frame.
        var pending = request.Head;
        var hasPending = true;
        await foreach (var chunk in request.ReadBodyAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (hasPending)
                {
                    await request.Responder.SendAsync(pending, last: false, ct).ConfigureAwait(false);
                }

                pending = chunk.Memory.ToArray();
                hasPending = true;
            }
            finally
            {
                chunk.Return();
            }
        }

        await request.Responder.SendAsync(pending, last: true, ct).ConfigureAwait(false);
    }
}
