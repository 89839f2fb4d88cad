using System.Text;
using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;

namespace RustyOnions.Integration.Tests.Index;

/// <summary>Signed (and deliberately broken) records for the index tests; seeded so failures reproduce.</summary>
internal static class Records
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    /// <summary>A publisher key from a seed derived from <paramref name="label"/> (a fresh namespace per test).</summary>
    public static (PublisherKey Key, byte[] Seed) Key(string label)
    {
        var seed = ContentId.Compute(Encoding.UTF8.GetBytes("ron-index-it/" + label)).Digest.ToArray();
        return (PublisherKey.FromSeed(seed), seed);
    }

    public static ContentId Addr(string content) => ContentId.Compute(Encoding.UTF8.GetBytes(content));

    public static NameRecord Signed(PublisherKey key, string path, long seq, string content = "x") =>
        NameRecord.Sign(key, path, Addr(content), content.Length, "text/plain", seq, Created);

    /// <summary>A valid record whose signature has one bit flipped.</summary>
    public static NameRecord Forged(PublisherKey key, string path, long seq)
    {
        var good = Signed(key, path, seq, "forged");
        var sig = good.Signature.ToArray();
        sig[7] ^= 0x01;
        return NameRecord.Create(good.Name, good.Address, good.Size, good.MediaType, good.Seq, good.CreatedUnixMs, good.Publisher, sig);
    }

    /// <summary>A record correctly signed by <paramref name="signerSeed"/> but named inside <paramref name="victim"/>'s namespace.</summary>
    public static NameRecord ForeignNamespace(PublisherKey victim, byte[] signerSeed, string path, long seq)
    {
        var signer = PublisherKey.FromSeed(signerSeed);
        var unsigned = NameRecord.Create(victim.NameFor(path), Addr("hijack"), 6, "text/plain", seq, Created.ToUnixTimeMilliseconds(), signer.PublicKey, new byte[NameRecord.SignatureLength]);
        var input = unsigned.GetSigningInput();
        var sig = new byte[NameRecord.SignatureLength];
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Sign(signerSeed, 0, input, 0, input.Length, sig, 0);
        return NameRecord.Create(unsigned.Name, unsigned.Address, unsigned.Size, unsigned.MediaType, seq, unsigned.CreatedUnixMs, signer.PublicKey, sig);
    }
}
