using System.Text.Json;

namespace RustyOnions.Node.Legal;

/// <summary>
/// Adds <c>"auth":"required"</c> (when capabilities are required) and <c>"legal":{operator, jurisdiction,
/// abuse_contact, terms}</c> (when a banner is configured) to a HELLO reply (specs/oap-1.md §5), the way
/// the onion field is added: HelloInfo parsers ignore unknown fields.
/// </summary>
public static class HelloLegalField
{
    /// <summary>The HELLO JSON with the fields appended (unchanged when there is nothing to add).</summary>
    public static byte[] Add(byte[] helloJson, LegalBanner banner, bool authRequired)
    {
        ArgumentNullException.ThrowIfNull(helloJson);
        ArgumentNullException.ThrowIfNull(banner);
        if (banner.IsEmpty && !authRequired)
        {
            return helloJson;
        }

        var extra = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(extra))
        {
            json.WriteStartObject();
            if (authRequired)
            {
                json.WriteString("auth"u8, "required"u8);
            }

            if (!banner.IsEmpty)
            {
                json.WriteStartObject("legal"u8);
                foreach (var (k, v) in banner.ToDictionary())
                {
                    json.WriteString(k, v);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Splice: hello without its closing brace, a comma, the new members without their opening brace.
        var close = Array.LastIndexOf(helloJson, (byte)'}');
        var members = extra.WrittenSpan[1..];
        var result = new byte[close + 1 + members.Length];
        helloJson.AsSpan(0, close).CopyTo(result);
        result[close] = (byte)',';
        members.CopyTo(result.AsSpan(close + 1));
        return result;
    }
}
