namespace RustyOnions.Index.Records;

/// <summary>RFC 4648 base32, lowercase alphabet, no padding (the namespace text form).</summary>
internal static class Base32
{
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string EncodeLower(ReadOnlySpan<byte> data)
    {
        var chars = new char[((data.Length * 8) + 4) / 5];
        int buffer = 0, bits = 0, o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[o++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[o++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, o);
    }

    public static bool IsAlphabetChar(char c) => c is (>= 'a' and <= 'z') or (>= '2' and <= '7');
}
