using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;

namespace RustyOnions.Index.Tests;

/// <summary>Keys and records shared by the tests; RFC 8032 test keys keep everything reproducible.</summary>
internal static class TestData
{
    /// <summary>RFC 8032 section 7.1, TEST 1 secret key.</summary>
    public static readonly byte[] SeedA = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    /// <summary>RFC 8032 section 7.1, TEST 2 secret key.</summary>
    public static readonly byte[] SeedB = Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");

    public static readonly PublisherKey KeyA = PublisherKey.FromSeed(SeedA);

    public static readonly PublisherKey KeyB = PublisherKey.FromSeed(SeedB);

    public static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_732_406_400_000);

    private static readonly Lazy<NameRecord[]> Many = new(() => BuildMany(10_000));

    /// <summary>10,000 signed records of KeyA, built once per test run (signing dominates their cost).</summary>
    public static NameRecord[] TenThousand => Many.Value;

    public static ContentId Addr(string text) => ContentId.Compute(System.Text.Encoding.UTF8.GetBytes(text));

    public static NameRecord Record(PublisherKey key, string path, long seq, string content = "x", string mediaType = "application/octet-stream") =>
        NameRecord.Sign(key, path, Addr(content), content.Length, mediaType, seq, Created);

    /// <summary>The path of the i-th of the many records: a tree with top-level files, 37 directories and nested subdirectories.</summary>
    public static string ManyPath(int i) => (i % 10) switch
    {
        0 => $"top-{i:D5}.bin",
        < 6 => $"dir{i % 37:D2}/f-{i:D5}",
        _ => $"dir{i % 37:D2}/sub{i % 5}/g-{i:D5}",
    };

    private static NameRecord[] BuildMany(int count)
    {
        var records = new NameRecord[count];
        Parallel.For(0, count, i => records[i] = Record(KeyA, ManyPath(i), 1, $"content {i}"));
        return records;
    }
}
