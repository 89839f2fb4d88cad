namespace RustyOnions.Erasure.Coding;

/// <summary>Which of up to 256 shards are present, plus whether only data shards are rebuilt: the decode-plan cache key.</summary>
internal readonly record struct LossPattern(ulong Present0, ulong Present1, ulong Present2, ulong Present3, bool DataOnly)
{
    public static LossPattern From(ReadOnlySpan<bool> present, bool dataOnly)
    {
        Span<ulong> words = stackalloc ulong[4];
        words.Clear();
        for (int i = 0; i < present.Length; i++)
        {
            if (present[i])
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new LossPattern(words[0], words[1], words[2], words[3], dataOnly);
    }
}
