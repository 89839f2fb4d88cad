using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RustyOnions.Node.Mailbox;

/// <summary>
/// ULIDs that strictly increase even within one millisecond (or if the clock steps back), so
/// ordering by id is ordering by send. Not thread-safe: callers hold their store's lock.
/// </summary>
internal sealed class MonotonicUlid(TimeProvider time)
{
    private readonly byte[] _last = new byte[16];

    public string Next()
    {
        Span<byte> next = stackalloc byte[16];
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> ts = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ts, ms);
        ts[2..].CopyTo(next); // 48-bit big-endian timestamp
        RandomNumberGenerator.Fill(next[6..]);
        if (next.SequenceCompareTo(_last) <= 0)
        {
            _last.CopyTo(next);
            Increment(next);
        }

        next.CopyTo(_last);
        return new Ulid(next).ToString();
    }

    private static void Increment(Span<byte> value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }
}
