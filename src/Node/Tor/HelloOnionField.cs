using System.Text;
using System.Text.Json;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Node.Tor;

/// <summary>
/// Adds <c>"onion":"tor://…"</c> to a HELLO reply once the node's onion service is published
/// (specs/tor.md). HelloInfo parsers ignore unknown fields, so older clients are unaffected.
/// </summary>
public static class HelloOnionField
{
    /// <summary>The HELLO JSON with the onion field appended (unchanged when <paramref name="onion"/> is null).</summary>
    public static byte[] Add(byte[] helloJson, NodeAddress? onion)
    {
        ArgumentNullException.ThrowIfNull(helloJson);
        if (onion is null)
        {
            return helloJson;
        }

        var close = Array.LastIndexOf(helloJson, (byte)'}');
        var field = Encoding.UTF8.GetBytes(",\"onion\":" + JsonSerializer.Serialize(onion.ToString()) + "}");
        var result = new byte[close + field.Length];
        helloJson.AsSpan(0, close).CopyTo(result);
        field.CopyTo(result.AsSpan(close));
        return result;
    }

    /// <summary>Reads the onion field of a HELLO reply, or null.</summary>
    public static string? Read(ReadOnlySpan<byte> helloJson)
    {
        var reader = new Utf8JsonReader(helloJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.TryGetProperty("onion", out var o) ? o.GetString() : null;
    }
}
