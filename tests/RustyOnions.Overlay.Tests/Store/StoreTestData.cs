using RustyOnions.Overlay.Store;
using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Tests.Store;

internal static class StoreTestData
{
    public const int Block = 256 * 1024;

    public static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>PUTs in uneven chunks so block boundaries fall inside writes.</summary>
    public static async Task<PutResult> PutAsync(IContentStore store, byte[] data, ContentId? expected = null, long? declared = null)
    {
        await using var writer = await store.BeginWriteAsync(expected, declared, CancellationToken.None);
        var rng = new Random(data.Length);
        var pos = 0;
        while (pos < data.Length)
        {
            var n = Math.Min(data.Length - pos, rng.Next(1, 300_000));
            await writer.WriteAsync(data.AsMemory(pos, n), CancellationToken.None);
            pos += n;
        }

        return await writer.CommitAsync(CancellationToken.None);
    }

    /// <summary>Reads with an odd buffer size; returns what was handed out even if the read then throws.</summary>
    public static async Task<byte[]> ReadAllAsync(ContentReader reader, MemoryStream? sink = null)
    {
        sink ??= new MemoryStream();
        var buf = new byte[100_003];
        int n;
        while ((n = await reader.ReadAsync(buf, CancellationToken.None)) > 0)
        {
            sink.Write(buf, 0, n);
        }

        return sink.ToArray();
    }

    public static async Task<byte[]> GetAsync(IContentStore store, ContentId id, long offset = 0, long? length = null)
    {
        await using var reader = await store.OpenReadAsync(id, offset, length, CancellationToken.None);
        Assert.NotNull(reader);
        return await ReadAllAsync(reader);
    }
}
