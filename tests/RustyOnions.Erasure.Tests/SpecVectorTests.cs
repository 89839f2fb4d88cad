using System.Text.Json;

namespace RustyOnions.Erasure.Tests;

/// <summary>specs/vectors/erasure/cauchy1.json: matrices and parity produced by ISA-L itself.</summary>
public sealed class SpecVectorTests
{
    [Theory]
    [MemberData(nameof(TestData.KernelData), MemberType = typeof(TestData))]
    public void Every_vector_encodes_reconstructs_and_verifies(ErasureKernel kernel)
    {
        var path = Path.Combine(TestData.RepoRoot(), "specs", "vectors", "erasure", "cauchy1.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        int count = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            int k = c.GetProperty("k").GetInt32();
            int m = c.GetProperty("m").GetInt32();
            var data = c.GetProperty("data").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToArray();
            var parity = c.GetProperty("parity").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToArray();
            var codec = TestData.Codec(k, m, kernel);
            Assert.Equal(Convert.FromHexString(c.GetProperty("matrix").GetString()!), codec.GetEncodingMatrix());

            var shards = data.Concat(TestData.Zeroed(m, data[0].Length)).ToArray();
            codec.Encode(shards);
            Assert.Equal(parity, shards[k..]);
            Assert.True(codec.Verify(shards));

            // Lose the first min(m, k) data shards, the worst case for the decoder.
            var present = Enumerable.Range(0, k + m).Select(i => i >= Math.Min(m, k)).ToArray();
            var damaged = shards.Select((s, i) => present[i] ? s : new byte[s.Length]).ToArray();
            codec.Reconstruct(damaged, present);
            Assert.Equal(shards, damaged);
            count++;
        }

        Assert.True(count >= 8, $"expected at least 8 vectors in {path}, found {count}");
    }
}
