using System.Text.Json;
using RustyOnions.Node.Oap;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Services;

/// <summary>Bounded parsing of JSON request heads with 400 errors that say what is wrong.</summary>
public static class JsonRequest
{
    /// <summary>Largest JSON request head.</summary>
    public const int MaxSize = 64 * 1024;

    /// <summary>Parses a JSON object or throws 400.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Length > MaxSize)
        {
            throw OapServiceException.TooLarge($"request JSON of {utf8.Length} bytes exceeds {MaxSize}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw OapServiceException.BadRequest("request is not valid JSON: " + e.Message);
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw OapServiceException.BadRequest("request JSON must be an object");
        }

        return doc;
    }

    /// <summary>The <c>op</c> field.</summary>
    public static string Op(JsonElement root) => RequiredString(root, "op");

    /// <summary>A required string field.</summary>
    public static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw OapServiceException.BadRequest($"field '{name}' is required");

    /// <summary>An optional string field; 400 if present with another type.</summary>
    public static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw OapServiceException.BadRequest($"field '{name}' must be a string");
    }

    /// <summary>An optional non-negative integer field.</summary>
    public static long? OptionalLong(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0
            ? n
            : throw OapServiceException.BadRequest($"field '{name}' must be a non-negative integer");
    }

    /// <summary>A required content id field.</summary>
    public static ContentId Address(JsonElement root, string name = "addr")
    {
        var text = RequiredString(root, name);
        return ContentId.TryParse(text, out var id, out var error) ? id : throw OapServiceException.BadRequest($"field '{name}': {error}");
    }
}
