namespace RustyOnions.Bridges.Ipfs.Multiformats;

/// <summary>Bitcoin base58 (multibase 'z', CIDv0 strings). Quadratic, so callers bound the input length.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Map = BuildMap();

    private static sbyte[] BuildMap()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
            map[Alphabet[i]] = (sbyte)i;
        return map;
    }

    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
            zeros++;
        // log(256)/log(58) ~ 1.366
        var digits = new byte[(data.Length - zeros) * 138 / 100 + 1];
        int len = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (int j = 0; j < len; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits[len++] = (byte)(carry % 58);
                carry /= 58;
            }
        }
        var chars = new char[zeros + len];
        for (int i = 0; i < zeros; i++)
            chars[i] = '1';
        for (int i = 0; i < len; i++)
            chars[zeros + i] = Alphabet[digits[len - 1 - i]];
        return new string(chars);
    }

    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
            zeros++;
        var bytes = new byte[text.Length];
        int len = 0;
        for (int i = zeros; i < text.Length; i++)
        {
            char c = text[i];
            int carry = c < 128 ? Map[c] : -1;
            if (carry < 0)
                throw new IpfsFormatException($"base58btc: invalid character '{c}' at position {i + 1}");
            for (int j = 0; j < len; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                bytes[len++] = (byte)carry;
                carry >>= 8;
            }
        }
        var result = new byte[zeros + len];
        for (int i = 0; i < len; i++)
            result[zeros + i] = bytes[len - 1 - i];
        return result;
    }
}
