using System.Text.Json;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Hello;
using RustyOnions.Proto.Oap;

namespace RustyOnions.Node.Services;

/// <summary>HELLO (0x0000): reports version and limits; lets the client lower max_frame.</summary>
public sealed class HelloService : IOapService
{
    private readonly OapServerOpts _opts;
    private readonly Tor.OnionAddressSource? _onion;
    private readonly Auth.AccessGate? _access;

    /// <summary>Created by DI.</summary>
    public HelloService(OapServerOpts opts, Tor.OnionAddressSource? onion = null, Auth.AccessGate? access = null)
    {
        _access = access;
        _opts = opts;
        _onion = onion;
    }

    /// <inheritdoc />
    public ushort AppId => OapAppId.Hello;

    /// <inheritdoc />
    public string Name => "hello";

    /// <inheritdoc />
    public async ValueTask HandleAsync(OapRequest request, OapConnectionInfo connection, CancellationToken ct)
    {
        var maxFrame = _opts.MaxFrame;
        if (!request.Head.IsEmpty)
        {
            using var doc = JsonRequest.Parse(request.Head);
            if (doc.RootElement.TryGetProperty("max_frame", out var asked))
            {
                if (asked.ValueKind != JsonValueKind.Number || !asked.TryGetInt32(out var n) || n < OapHeader.MinMaxFrame)
                {
                    throw OapServiceException.BadRequest($"max_frame must be an integer >= {OapHeader.MinMaxFrame}");
                }

                maxFrame = Math.Min(n, _opts.MaxFrame);
            }
        }

        var info = new HelloInfo(_opts.ServerVersion, maxFrame, _opts.MaxInflight, ["REQ", "RESP", "START", "END", "COMP"], [1], _opts.Transports, _opts.PeerId)
        {
            Onion = _onion?.Current?.ToString(),
        };
        var reply = info.ToUtf8();
        if (_access is not null)
        {
            reply = Legal.HelloLegalField.Add(reply, _access.Banner, _access.Required);
        }

        await request.Responder.ReplyAsync(reply, ct).ConfigureAwait(false);
        connection.Sender.MaxFrame = maxFrame;
    }
}
