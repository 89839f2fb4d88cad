namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>RFC 4648 base32 without padding, one case at a time (multibase 'b' / 'B').</summary>
internal static class Base32
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz234567";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data, bool upper)
    {
        string alphabet = upper ? Upper : Lower;
        int outLen = (data.Length * 8 + 4) / 5;
        return string.Create(outLen, data.ToArray(), (dst, src) =>
        {
            int buffer = 0, bits = 0, o = 0;
            foreach (byte b in src)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    dst[o++] = alphabet[(buffer >> (bits - 5)) & 31];
                    bits -= 5;
                }
            }
            if (bits > 0)
                dst[o] = alphabet[(buffer << (5 - bits)) & 31];
        });
    }

    public static byte[] Decode(ReadOnlySpan<char> text, bool upper)
    {
        // Lengths 1, 3 and 6 mod 8 cannot come from whole bytes.
        int rem = text.Length % 8;
        if (rem is 1 or 3 or 6)
            throw new IpfsFormatException($"multibase base32: invalid length {text.Length}");
        var result = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, o = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int v;
            if (c is >= 'a' and <= 'z' && !upper) v = c - 'a';
            else if (c is >= 'A' and <= 'Z' && upper) v = c - 'A';
            else if (c is >= '2' and <= '7') v = c - '2' + 26;
            else
                throw new IpfsFormatException(
                    $"multibase base32{(upper ? "upper" : "")}: invalid character '{c}' at position {i + 1}");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                result[o++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0)
            throw new IpfsFormatException("multibase base32: non-zero trailing bits");
        return result;
    }
}
