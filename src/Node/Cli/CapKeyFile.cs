using System.Security.Cryptography;
using System.Text;

namespace RustyOnions.Node.Cli;

/// <summary>Reads the Ed25519 seed of a signing key: a node identity.key (PKCS#8 PEM) or a publisher key file (ron-index-key-v1:hex).</summary>
internal static class CapKeyFile
{
    private const string PublisherPrefix = "ron-index-key-v1:";

    // PKCS#8 v0 Ed25519 (RFC 8410): a fixed 16-byte DER prefix, then the 32-byte seed.
    private static readonly byte[] Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    public static async Task<byte[]> ReadSeedAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"signing key '{path}' does not exist; pass --key FILE or --data DIR of a node that has run once");
        }

        var text = (await File.ReadAllTextAsync(path, Encoding.ASCII, ct).ConfigureAwait(false)).Trim();
        if (text.StartsWith(PublisherPrefix, StringComparison.Ordinal))
        {
            return Convert.FromHexString(text.AsSpan(PublisherPrefix.Length));
        }

        if (PemEncoding.TryFind(text, out var fields) && text.AsSpan()[fields.Label].SequenceEqual("PRIVATE KEY"))
        {
            var der = Convert.FromBase64String(text[fields.Base64Data]);
            if (der.Length == Pkcs8Prefix.Length + 32 && der.AsSpan(0, Pkcs8Prefix.Length).SequenceEqual(Pkcs8Prefix))
            {
                return der[Pkcs8Prefix.Length..];
            }
        }

        throw new FormatException($"signing key '{path}' is neither an Ed25519 PKCS#8 PEM key (identity.key) nor a '{PublisherPrefix}' file");
    }
}
