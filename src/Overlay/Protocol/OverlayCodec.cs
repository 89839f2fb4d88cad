using System.Buffers;
using System.Text.Json;
using RustyOnions.Proto.Addressing;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Protocol;

/// <summary>
/// Encodes and decodes the overlay's JSON message heads (specs/overlay.md §3). Decoders enforce
/// <see cref="MaxMessageBytes"/>, <see cref="MaxPeers"/> and <see cref="MaxAddrs"/> and throw
/// <see cref="OverlayMessageException"/> for anything malformed.
/// </summary>
public static class OverlayCodec
{
    /// <summary>Largest message head accepted.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>Most peers in one exchange.</summary>
    public const int MaxPeers = 64;

    /// <summary>Most addresses in one have query.</summary>
    public const int MaxAddrs = 256;

    private static readonly JsonDocumentOptions DocOpts = new() { MaxDepth = 4 };

    /// <summary>Ping request or reply: the sender's advert.</summary>
    public static byte[] EncodeAdvert(PeerAdvert self) => Write(w => WriteAdvert(w, self));

    /// <summary>Decodes a ping message.</summary>
    public static PeerAdvert DecodeAdvert(ReadOnlySpan<byte> json) => Read(json, ReadAdvert);

    /// <summary>Peer exchange request or reply.</summary>
    public static byte[] EncodePeers(IReadOnlyCollection<PeerAdvert> peers) => EncodePeers(peers, []);

    /// <summary>
    /// Peer exchange request or reply with suspicion hints: peers the sender has seen miss probes
    /// (omitted when empty, so the message is the plain exchange older nodes expect).
    /// </summary>
    public static byte[] EncodePeers(IReadOnlyCollection<PeerAdvert> peers, IReadOnlyCollection<PeerId> suspects)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(suspects);
        if (peers.Count > MaxPeers)
        {
            throw new ArgumentException($"at most {MaxPeers} peers per exchange, got {peers.Count}", nameof(peers));
        }

        if (suspects.Count > MaxPeers)
        {
            throw new ArgumentException($"at most {MaxPeers} suspects per exchange, got {suspects.Count}", nameof(suspects));
        }

        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("peers");
            foreach (var p in peers)
            {
                WriteAdvert(w, p);
            }

            w.WriteEndArray();
            if (suspects.Count > 0)
            {
                w.WriteStartArray("suspects");
                foreach (var s in suspects)
                {
                    w.WriteStringValue(s.ToString());
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>The suspicion hints of a peer exchange message (empty when it has none).</summary>
    public static IReadOnlyList<PeerId> DecodeSuspects(ReadOnlySpan<byte> json) => Read(json, root =>
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("suspects", out var arr))
        {
            return (IReadOnlyList<PeerId>)[];
        }

        if (arr.ValueKind != JsonValueKind.Array)
        {
            throw new OverlayMessageException("message needs 'suspects' of type array");
        }

        if (arr.GetArrayLength() > MaxPeers)
        {
            throw new OverlayMessageException($"peer exchange lists {arr.GetArrayLength()} suspects; the limit is {MaxPeers}");
        }

        var list = new List<PeerId>(arr.GetArrayLength());
        foreach (var e in arr.EnumerateArray())
        {
            var text = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            list.Add(PeerId.TryParse(text, out var peer) ? peer : throw new OverlayMessageException($"a suspect is not a PeerId (64 lowercase hex): '{Clip(text)}'"));
        }

        return list;
    });

    /// <summary>Decodes a peer exchange message.</summary>
    public static IReadOnlyList<PeerAdvert> DecodePeers(ReadOnlySpan<byte> json) => Read(json, root =>
    {
        var arr = Property(root, "peers", JsonValueKind.Array);
        if (arr.GetArrayLength() > MaxPeers)
        {
            throw new OverlayMessageException($"peer exchange lists {arr.GetArrayLength()} peers; the limit is {MaxPeers}");
        }

        var list = new List<PeerAdvert>(arr.GetArrayLength());
        foreach (var e in arr.EnumerateArray())
        {
            list.Add(ReadAdvert(e));
        }

        return list;
    });

    /// <summary>Have query.</summary>
    public static byte[] EncodeHave(IReadOnlyCollection<ContentId> addrs) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("addrs");
        foreach (var a in addrs)
        {
            w.WriteStringValue(a.ToCanonicalString());
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Decodes a have query.</summary>
    public static IReadOnlyList<ContentId> DecodeHave(ReadOnlySpan<byte> json) => Read(json, root =>
    {
        var arr = Property(root, "addrs", JsonValueKind.Array);
        if (arr.GetArrayLength() > MaxAddrs)
        {
            throw new OverlayMessageException($"have query lists {arr.GetArrayLength()} addresses; the limit is {MaxAddrs}");
        }

        return arr.EnumerateArray().Select(Addr).ToList();
    });

    /// <summary>Have reply: one flag per queried address, in order.</summary>
    public static byte[] EncodeHaveReply(IReadOnlyList<bool> have) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("have");
        foreach (var h in have)
        {
            w.WriteBooleanValue(h);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Decodes a have reply.</summary>
    public static IReadOnlyList<bool> DecodeHaveReply(ReadOnlySpan<byte> json) => Read(json, root =>
        Property(root, "have", JsonValueKind.Array).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.True ? true : e.ValueKind == JsonValueKind.False ? false : throw new OverlayMessageException("have flags must be booleans")).ToList());

    /// <summary>Store-replica head (the object's bytes follow in the request body) or fetch head (size null).</summary>
    public static byte[] EncodeObject(ContentId addr, long? size) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("addr", addr.ToCanonicalString());
        if (size is { } s)
        {
            w.WriteNumber("size", s);
        }

        w.WriteEndObject();
    });

    /// <summary>Decodes a store-replica or fetch head.</summary>
    public static (ContentId Addr, long? Size) DecodeObject(ReadOnlySpan<byte> json) => Read(json, root =>
    {
        var addr = Addr(Property(root, "addr", JsonValueKind.String));
        long? size = null;
        if (root.TryGetProperty("size", out var s))
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var n) || n < 0)
            {
                throw new OverlayMessageException("'size' must be a non-negative integer");
            }

            size = n;
        }

        return (addr, size);
    });

    private static void WriteAdvert(Utf8JsonWriter w, PeerAdvert a)
    {
        w.WriteStartObject();
        w.WriteString("peer", a.Peer.ToString());
        w.WriteString("addr", a.Address.WithPeer(a.Peer).ToString());
        if (a.Onion is { } onion)
        {
            w.WriteString("onion", onion.WithPeer(a.Peer).ToString());
        }

        w.WriteEndObject();
    }

    private static PeerAdvert ReadAdvert(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new OverlayMessageException("a peer advert must be an object");
        }

        var peerText = Property(e, "peer", JsonValueKind.String).GetString();
        if (!PeerId.TryParse(peerText, out var peer))
        {
            throw new OverlayMessageException($"'peer' is not a PeerId (64 lowercase hex): '{Clip(peerText)}'");
        }

        var addrText = Property(e, "addr", JsonValueKind.String).GetString();
        if (!NodeAddress.TryParse(addrText, out var address, out var error))
        {
            throw new OverlayMessageException($"'addr' is not a node address: {error}");
        }

        if (address.PeerId is { } pin && pin != peer)
        {
            throw new OverlayMessageException($"advert for {peer} carries an address pinned to {pin}");
        }

        NodeAddress? onion = null;
        if (e.TryGetProperty("onion", out var onionElement))
        {
            var onionText = onionElement.ValueKind == JsonValueKind.String ? onionElement.GetString() : null;
            if (!NodeAddress.TryParse(onionText, out onion, out var onionError))
            {
                throw new OverlayMessageException($"'onion' is not a node address: {onionError}");
            }

            if (onion.Transport != TransportKind.Tor)
            {
                throw new OverlayMessageException($"'onion' must be a tor:// address, got '{Clip(onionText)}'");
            }

            if (onion.PeerId is { } onionPin && onionPin != peer)
            {
                throw new OverlayMessageException($"advert for {peer} carries an onion address pinned to {onionPin}");
            }

            onion = onion.WithPeer(peer);
        }

        return new PeerAdvert(peer, address.WithPeer(peer)) { Onion = onion };
    }

    private static ContentId Addr(JsonElement e)
    {
        var text = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return ContentId.TryParse(text, out var id, out var error) ? id : throw new OverlayMessageException($"bad content address: {error}");
    }

    private static JsonElement Property(JsonElement root, string name, JsonValueKind kind) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var p) && p.ValueKind == kind
            ? p
            : throw new OverlayMessageException($"message needs '{name}' of type {kind.ToString().ToLowerInvariant()}");

    private static T Read<T>(ReadOnlySpan<byte> json, Func<JsonElement, T> parse)
    {
        if (json.Length > MaxMessageBytes)
        {
            throw new OverlayMessageException($"overlay message of {json.Length} bytes exceeds the limit of {MaxMessageBytes}");
        }

        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), DocOpts);
            return parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new OverlayMessageException("overlay message is not valid JSON: " + e.Message, e);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            body(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Clip(string? s) => s is null ? string.Empty : s.Length > 80 ? s[..80] + "…" : s;
}
