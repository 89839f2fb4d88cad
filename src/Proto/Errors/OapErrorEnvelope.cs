using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace RustyOnions.Proto.Errors;

/// <summary>
/// The one error body: <c>{"code","message","retryable","corr_id","retry_after_ms"?,"reason"?}</c>, where
/// <c>corr_id</c> is the decimal string of the frame's u64 (strings survive JSON parsers that
/// use doubles), and <c>reason</c> is a machine-readable refinement of the code (e.g. TOO_LARGE for
/// <c>decompressed_size</c> or <c>ratio</c>).
/// </summary>
public sealed record OapErrorEnvelope(string Code, string Message, bool Retryable, ulong CorrId, long? RetryAfterMs = null, string? Reason = null)
{
    /// <summary>Largest envelope the parser accepts.</summary>
    public const int MaxEncodedSize = 16 * 1024;

    /// <summary>Writes the envelope as compact UTF-8 JSON.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("code"u8, Code);
        json.WriteString("message"u8, Message);
        json.WriteBoolean("retryable"u8, Retryable);
        json.WriteString("corr_id"u8, CorrId.ToString(CultureInfo.InvariantCulture));
        if (RetryAfterMs is { } ms)
        {
            json.WriteNumber("retry_after_ms"u8, ms);
        }

        if (Reason is not null)
        {
            json.WriteString("reason"u8, Reason);
        }

        json.WriteEndObject();
    }

    /// <summary>The envelope as UTF-8 JSON bytes.</summary>
    public byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses an envelope; returns null when the bytes are not one.</summary>
    public static OapErrorEnvelope? TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxEncodedSize)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("code"u8, out var code) || code.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var message = root.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
            var retryable = root.TryGetProperty("retryable"u8, out var r) && r.ValueKind == JsonValueKind.True;
            ulong corr = 0;
            if (root.TryGetProperty("corr_id"u8, out var c))
            {
                _ = c.ValueKind == JsonValueKind.String
                    ? ulong.TryParse(c.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out corr)
                    : c.ValueKind == JsonValueKind.Number && c.TryGetUInt64(out corr);
            }

            long? after = root.TryGetProperty("retry_after_ms"u8, out var a) && a.TryGetInt64(out var ms) ? ms : null;
            var reason = root.TryGetProperty("reason"u8, out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
            return new OapErrorEnvelope(code.GetString()!, message, retryable, corr, after, reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
