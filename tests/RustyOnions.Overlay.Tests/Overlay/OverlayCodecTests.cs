using System.Text;
using RustyOnions.Overlay.Protocol;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Overlay.Tests.Overlay;

public sealed class OverlayCodecTests
{
    [Fact]
    public void Valid_vectors_decode_and_re_encode_byte_identically()
    {
        foreach (var v in OverlayVectors.Load("messages.json").GetProperty("valid").EnumerateArray())
        {
            var json = Encoding.UTF8.GetBytes(v.GetProperty("json").GetString()!);
            byte[] again = v.GetProperty("kind").GetString() switch
            {
                "advert" => OverlayCodec.EncodeAdvert(OverlayCodec.DecodeAdvert(json)),
                "peers" => OverlayCodec.EncodePeers(OverlayCodec.DecodePeers(json).ToList()),
                "exchange" => OverlayCodec.EncodePeers(OverlayCodec.DecodePeers(json).ToList(), OverlayCodec.DecodeSuspects(json).ToList()),
                "have" => OverlayCodec.EncodeHave(OverlayCodec.DecodeHave(json).ToList()),
                "have_reply" => OverlayCodec.EncodeHaveReply(OverlayCodec.DecodeHaveReply(json)),
                "object" => Object(json),
                var k => throw new InvalidOperationException("unknown kind " + k),
            };
            Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(again));
        }

        static byte[] Object(byte[] json)
        {
            var (addr, size) = OverlayCodec.DecodeObject(json);
            return OverlayCodec.EncodeObject(addr, size);
        }
    }

    [Fact]
    public void Invalid_vectors_are_refused_with_a_message_exception()
    {
        foreach (var v in OverlayVectors.Load("messages.json").GetProperty("invalid").EnumerateArray())
        {
            var json = Encoding.UTF8.GetBytes(v.GetProperty("json").GetString()!);
            Action decode = v.GetProperty("kind").GetString() switch
            {
                "advert" => () => OverlayCodec.DecodeAdvert(json),
                "peers" => () => OverlayCodec.DecodePeers(json),
                "exchange" => () => OverlayCodec.DecodeSuspects(json),
                "have" => () => OverlayCodec.DecodeHave(json),
                "object" => () => OverlayCodec.DecodeObject(json),
                var k => throw new InvalidOperationException("unknown kind " + k),
            };
            var e = Assert.Throws<OverlayMessageException>(decode);
            Assert.False(string.IsNullOrWhiteSpace(e.Message), v.GetProperty("why").GetString());
        }
    }

    [Fact]
    public void Oversized_messages_and_too_many_peers_are_refused()
    {
        var big = Encoding.UTF8.GetBytes("{\"peers\":[],\"pad\":\"" + new string('x', OverlayCodec.MaxMessageBytes) + "\"}");
        Assert.Contains("exceeds the limit", Assert.Throws<OverlayMessageException>(() => OverlayCodec.DecodePeers(big)).Message, StringComparison.Ordinal);

        var peer = PeerId.FromBytes(new byte[32]);
        var one = "{\"peer\":\"" + peer + "\",\"addr\":\"tls://127.0.0.1:1\"}";
        var many = Encoding.UTF8.GetBytes("{\"peers\":[" + string.Join(',', Enumerable.Repeat(one, OverlayCodec.MaxPeers + 1)) + "]}");
        Assert.Contains("limit is 64", Assert.Throws<OverlayMessageException>(() => OverlayCodec.DecodePeers(many)).Message, StringComparison.Ordinal);
    }
}
