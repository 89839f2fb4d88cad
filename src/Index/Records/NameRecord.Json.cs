using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Records;

/// <summary>
/// The JSON form (specs/index.md, "JSON form"): one flat object with exactly the fields
/// <c>v, name, addr, size, media_type, seq, created_ms, publisher, sig</c>; keys hex, integers as numbers.
/// </summary>
public sealed partial class NameRecord
{
    /// <summary>Largest accepted JSON text, in UTF-8 bytes.</summary>
    public const int MaxJsonBytes = 8192;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Names are written as UTF-8, not \u-escaped, so the JSON stays close to the binary size.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 2,
    };

    /// <summary>Writes the JSON form to <paramref name="writer"/>.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("v", EncodingVersion);
        writer.WriteString("name", Name);
        writer.WriteString("addr", Address.ToCanonicalString());
        writer.WriteNumber("size", Size);
        writer.WriteString("media_type", MediaType);
        writer.WriteNumber("seq", Seq);
        writer.WriteNumber("created_ms", CreatedUnixMs);
        writer.WriteString("publisher", Convert.ToHexStringLower(_publisher));
        writer.WriteString("sig", Convert.ToHexStringLower(_signature));
        writer.WriteEndObject();
    }

    /// <summary>The JSON form as UTF-8 bytes.</summary>
    public byte[] ToJsonUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON form as a string.</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToJsonUtf8());

    /// <summary>Parses the JSON form; throws <see cref="IndexException"/> (Malformed, TooLarge, InvalidName).</summary>
    public static NameRecord FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxJsonBytes)
        {
            throw new IndexException(IndexErrorCode.TooLarge, $"JSON record is at least {json.Length} bytes; the limit is {MaxJsonBytes}");
        }

        return FromJson(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses the JSON form from UTF-8; throws <see cref="IndexException"/> (Malformed, TooLarge, InvalidName).</summary>
    public static NameRecord FromJson(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxJsonBytes)
        {
            throw new IndexException(IndexErrorCode.TooLarge, $"JSON record is {utf8Json.Length} bytes; the limit is {MaxJsonBytes}");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            var record = ReadJson(ref reader);
            if (reader.Read())
            {
                throw new IndexException(IndexErrorCode.Malformed, "JSON record has content after its closing brace");
            }

            return record;
        }
        catch (JsonException e)
        {
            throw new IndexException(IndexErrorCode.Malformed, $"JSON record is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads one JSON record object from <paramref name="reader"/> (positioned before or at its
    /// StartObject); leaves the reader on the EndObject.
    /// </summary>
    public static NameRecord ReadJson(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject && (!reader.Read() || reader.TokenType != JsonTokenType.StartObject))
        {
            throw new IndexException(IndexErrorCode.Malformed, "JSON record must be an object");
        }

        var fields = new JsonFields();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString() ?? string.Empty;
            if (!reader.Read())
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON record ends inside field '{key}'");
            }

            fields.Set(key, ref reader);
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new IndexException(IndexErrorCode.Malformed, "JSON record is not closed");
        }

        return fields.Build();
    }

    private sealed class JsonFields
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private long _v = -1, _size, _seq, _created;
        private string? _name, _addr, _media, _publisher, _sig;

        public void Set(string key, ref Utf8JsonReader reader)
        {
            if (!_seen.Add(key))
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON record has field '{key}' twice");
            }

            switch (key)
            {
                case "v": _v = Integer(key, ref reader); break;
                case "name": _name = Text(key, ref reader); break;
                case "addr": _addr = Text(key, ref reader); break;
                case "size": _size = Integer(key, ref reader); break;
                case "media_type": _media = Text(key, ref reader); break;
                case "seq": _seq = Integer(key, ref reader); break;
                case "created_ms": _created = Integer(key, ref reader); break;
                case "publisher": _publisher = Text(key, ref reader); break;
                case "sig": _sig = Text(key, ref reader); break;
                default: throw new IndexException(IndexErrorCode.Malformed, $"JSON record has unknown field '{key}'");
            }
        }

        public NameRecord Build()
        {
            string[] required = ["v", "name", "addr", "size", "media_type", "seq", "created_ms", "publisher", "sig"];
            foreach (var field in required)
            {
                if (!_seen.Contains(field))
                {
                    throw new IndexException(IndexErrorCode.Malformed, $"JSON record lacks field '{field}'");
                }
            }

            if (_v != EncodingVersion)
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON record version v={_v}; only {EncodingVersion} is known");
            }

            if (!ContentId.TryParse(_addr, out var address, out var why))
            {
                throw new IndexException(IndexErrorCode.Malformed, $"addr: {why}");
            }

            return new NameRecord(_name!, address, _size, _media!, _seq, _created, Hex("publisher", _publisher!, PublicKeyLength), Hex("sig", _sig!, SignatureLength));
        }

        private static long Integer(string key, ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON field '{key}' must be an integer");
            }

            NameRules.ValidateInteger(key, value);
            return value;
        }

        private static string Text(string key, ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON field '{key}' must be a string");
            }

            try
            {
                return reader.GetString()!;
            }
            catch (InvalidOperationException e)
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON field '{key}' is not valid UTF-8 text", e);
            }
        }

        private static byte[] Hex(string key, string text, int length)
        {
            if (text.Length != length * 2)
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON field '{key}' must be {length * 2} hex digits, got {text.Length} characters");
            }

            try
            {
                return Convert.FromHexString(text);
            }
            catch (FormatException e)
            {
                throw new IndexException(IndexErrorCode.Malformed, $"JSON field '{key}' is not hexadecimal", e);
            }
        }
    }
}
