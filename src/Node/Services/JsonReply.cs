using System.Buffers;
using System.Text.Json;

namespace RustyOnions.Node.Services;

/// <summary>Builds small JSON reply bodies.</summary>
public static class JsonReply
{
    /// <summary>Writes one JSON object whose members <paramref name="body"/> writes.</summary>
    public static byte[] Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
