using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli;

/// <summary>Seeds names for `ron bench --op resolve|resolve-fanout`.</summary>
internal static class IndexBench
{
    /// <summary>Publishes <paramref name="count"/> names under a fresh key (batches of 1000) and returns them.</summary>
    public static async Task<string[]> SeedAsync(RonClient client, int count, CancellationToken ct)
    {
        if (count < 1)
        {
            throw new ArgumentException("--names must be at least 1");
        }

        var key = PublisherKey.Generate();
        var addr = ContentId.Compute("bench"u8);
        var created = DateTimeOffset.UtcNow;
        var names = new string[count];
        for (var start = 0; start < count; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, count - start))
                .AsParallel().AsOrdered()
                .Select(i => NameRecord.Sign(key, $"bench/{i % 100:D2}/{i:D7}", addr, 5, "application/octet-stream", 1, created))
                .ToList();
            await client.PublishManyAsync(batch, ct: ct).ConfigureAwait(false);
            for (var j = 0; j < batch.Count; j++)
            {
                names[start + j] = batch[j].Name;
            }
        }

        return names;
    }
}
