using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace RustyOnions.Node.Oap.Compression;

/// <summary>
/// Streams a zstd payload into a pooled buffer that never grows past the limit: the smaller of
/// <c>maxDecompressed</c> and <c>ratio × compressed length</c>. The zstd window is capped to the
/// same bound so a forged frame header cannot make the decoder allocate a huge window either.
/// </summary>
public static class BoundedZstd
{
    /// <summary>The reason string when the absolute size cap trips.</summary>
    public const string ReasonSize = "decompressed_size";

    /// <summary>The reason string when the ratio cap trips.</summary>
    public const string ReasonRatio = "ratio";

    /// <summary>
    /// Decompresses <paramref name="compressed"/>. Returns a pooled array (caller returns it to
    /// <see cref="ArrayPool{T}.Shared"/>) and the decompressed length. Throws
    /// <see cref="DecompressionLimitException"/> over a cap and <see cref="InvalidDataException"/>
    /// when the bytes are not zstd.
    /// </summary>
    public static (byte[] Buffer, int Length) Decompress(ReadOnlySequence<byte> compressed, long maxDecompressed, int maxRatio)
    {
        var ratioLimit = compressed.Length * maxRatio;
        var limit = Math.Min(maxDecompressed, ratioLimit);
        var reason = ratioLimit < maxDecompressed ? ReasonRatio : ReasonSize;
        limit = Math.Min(limit, Array.MaxLength - 1);

        var input = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, compressed.Length));
        compressed.CopyTo(input);
        var output = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, Math.Max(4096, compressed.Length * 4)));
        var filled = 0;
        try
        {
            using var source = new MemoryStream(input, 0, (int)compressed.Length, writable: false);
            using var zstd = new DecompressionStream(source, bufferSize: 0, checkEndOfStream: true, leaveOpen: true);
            zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLog(limit));
            while (true)
            {
                if (filled == output.Length)
                {
                    if (filled > limit)
                    {
                        break;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)output.Length * 2));
                    output.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(output);
                    output = bigger;
                }

                var want = (int)Math.Min(output.Length - filled, limit + 1 - filled);
                var n = zstd.Read(output, filled, want);
                if (n == 0)
                {
                    break;
                }

                filled += n;
                if (filled > limit)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException or IOException)
        {
            ArrayPool<byte>.Shared.Return(output);
            var message = e.Message.Contains("window", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Frame requires too much memory", StringComparison.OrdinalIgnoreCase)
                ? null
                : e.Message;
            if (message is null)
            {
                throw new DecompressionLimitException(reason, $"COMP payload needs a zstd window larger than the {limit}-byte decompression limit ({reason})");
            }

            throw new InvalidDataException("COMP payload is not valid zstd: " + message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }

        if (filled > limit)
        {
            ArrayPool<byte>.Shared.Return(output);
            throw reason == ReasonRatio
                ? new DecompressionLimitException(reason, $"COMP payload of {compressed.Length} bytes decompresses past the {maxRatio}:1 ratio limit ({limit} bytes) (ratio)")
                : new DecompressionLimitException(reason, $"COMP payload decompresses past {limit} bytes (decompressed_size)");
        }

        return (output, filled);
    }

    private static int WindowLog(long limit)
    {
        var log = 10;
        while (log < 27 && (1L << log) < limit)
        {
            log++;
        }

        return log;
    }
}
