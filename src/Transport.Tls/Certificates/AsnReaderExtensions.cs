using System.Formats.Asn1;

namespace RustyOnions.Transport.Tls.Certificates;

internal static class AsnReaderExtensions
{
    /// <summary>Trailing bytes are refused: strict decoding keeps one valid encoding per value.</summary>
    internal static void ThrowIfNotAtEnd(this AsnReader reader)
    {
        if (reader.HasData)
        {
            throw new AsnContentException("unexpected data after the end of the structure");
        }
    }
}
