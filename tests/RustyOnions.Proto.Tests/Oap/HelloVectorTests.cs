using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Hello;
using RustyOnions.Testing;

namespace RustyOnions.Proto.Tests.Oap;

public sealed class HelloVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("specs", "vectors", "oap", "hello.json"))).RootElement;

    [Fact]
    public void Valid_hello_replies_parse_with_their_onion_and_re_encode_byte_identically()
    {
        foreach (var v in Vectors.GetProperty("valid").EnumerateArray())
        {
            var json = v.GetProperty("json").GetString()!;
            var hello = HelloInfo.Parse(Encoding.UTF8.GetBytes(json));
            var onion = v.GetProperty("onion");
            Assert.Equal(onion.ValueKind == JsonValueKind.Null ? null : onion.GetString(), hello.Onion);
            Assert.Equal(json, Encoding.UTF8.GetString(hello.ToUtf8()));
        }
    }

    [Fact]
    public void Invalid_hello_replies_are_refused_with_a_format_exception()
    {
        foreach (var v in Vectors.GetProperty("invalid").EnumerateArray())
        {
            var e = Assert.Throws<FormatException>(() => HelloInfo.Parse(Encoding.UTF8.GetBytes(v.GetProperty("json").GetString()!)));
            Assert.False(string.IsNullOrWhiteSpace(e.Message), v.GetProperty("why").GetString());
        }
    }
}
