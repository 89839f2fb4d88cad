using System.Text.Json;

namespace RustyOnions.Node.Auth;

/// <summary>
/// Reads just <c>"op"</c>, <c>"addr"</c> and <c>"size"</c> from the top level of a request's JSON head, without
/// building a document, so the gate can authorize and apply the denylist before the service runs.
/// A head that is not a JSON object (echo, binary apps) has no op.
/// </summary>
internal readonly record struct RequestPeek(string Op, string? Addr, long? Size = null)
{
    public static RequestPeek Read(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || head[0] != (byte)'{')
        {
            return new(string.Empty, null);
        }

        string op = string.Empty;
        string? addr = null;
        long? size = null;
        try
        {
            var reader = new Utf8JsonReader(head, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOp = reader.ValueTextEquals("op"u8);
                var isAddr = !isOp && reader.ValueTextEquals("addr"u8);
                var isSize = !isOp && !isAddr && reader.ValueTextEquals("size"u8);
                reader.Read();
                if (isSize && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var declared))
                {
                    size = declared;
                }
                else if (reader.TokenType == JsonTokenType.String && (isOp || isAddr))
                {
                    if (isOp)
                    {
                        op = reader.GetString()!;
                    }
                    else
                    {
                        addr = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the service answers 400 itself; authorize what was read so far.
        }

        return new(op, addr, size);
    }
}
