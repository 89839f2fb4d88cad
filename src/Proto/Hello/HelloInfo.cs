using System.Buffers;
using System.Text.Json;

namespace RustyOnions.Proto.Hello;

/// <summary>
/// The HELLO reply: what the node speaks and its limits. The client sends HELLO first (payload
/// empty, or <c>{"max_frame":N}</c> to ask for a smaller frame size) and honours these values.
/// </summary>
public sealed record HelloInfo(
    string ServerVersion,
    int MaxFrame,
    int MaxInflight,
    IReadOnlyList<string> SupportedFlags,
    IReadOnlyList<int> OapVersions,
    IReadOnlyList<string> Transports,
    string PeerId)
{
    /// <summary>Largest HELLO body accepted.</summary>
    public const int MaxEncodedSize = 64 * 1024;

    /// <summary>
    /// The node's published onion address (<c>tor://&lt;56&gt;.onion:port#&lt;peerid&gt;</c>), present once its
    /// onion service is published; null otherwise (field <c>onion</c>, omitted when null; specs/oap-1.md §5).
    /// </summary>
    public string? Onion { get; init; }

    /// <summary>Serializes to UTF-8 JSON with the wire's snake_case names.</summary>
    public byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("server_version"u8, ServerVersion);
            json.WriteNumber("max_frame"u8, MaxFrame);
            json.WriteNumber("max_inflight"u8, MaxInflight);
            WriteArray(json, "supported_flags"u8, SupportedFlags);
            json.WriteStartArray("oap_versions"u8);
            foreach (var v in OapVersions)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            WriteArray(json, "transports"u8, Transports);
            json.WriteString("peer_id"u8, PeerId);
            if (Onion is not null)
            {
                json.WriteString("onion"u8, Onion);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a HELLO reply; throws <see cref="FormatException"/> naming the missing field.</summary>
    public static HelloInfo Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxEncodedSize)
        {
            throw new FormatException($"HELLO reply of {utf8.Length} bytes exceeds {MaxEncodedSize}");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            return new HelloInfo(
                Required(root, "server_version").GetString()!,
                Required(root, "max_frame").GetInt32(),
                Required(root, "max_inflight").GetInt32(),
                Required(root, "supported_flags").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                Required(root, "oap_versions").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Required(root, "transports").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                Required(root, "peer_id").GetString()!)
            {
                Onion = root.TryGetProperty("onion", out var onion) ? onion.GetString() : null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException("HELLO reply is not valid JSON of the expected shape: " + e.Message, e);
        }
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"HELLO reply lacks '{name}'");

    private static void WriteArray(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }
}
