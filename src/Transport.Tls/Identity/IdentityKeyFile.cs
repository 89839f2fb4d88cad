using System.Formats.Asn1;
using System.Security.Cryptography;
using RustyOnions.Transport.Tls.Certificates;

namespace RustyOnions.Transport.Tls.Identity;

/// <summary>
/// The on-disk identity key: an Ed25519 private key as unencrypted PKCS#8 in PEM ("PRIVATE KEY",
/// RFC 8410 §7), version 0. A standard format so operators can inspect it with
/// <c>openssl pkey -in identity.key -pubout</c>, and versioned by the PKCS#8 version and algorithm OID.
/// </summary>
internal static class IdentityKeyFile
{
    internal const string Ed25519Oid = "1.3.101.112";
    private const string PemLabel = "PRIVATE KEY";
    private const int MaxFileBytes = 4096;

    /// <summary>Encodes a 32-byte seed as PKCS#8 PEM text.</summary>
    internal static string Encode(ReadOnlySpan<byte> seed)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            // RFC 8410: privateKey is an OCTET STRING holding the DER of CurvePrivateKey ::= OCTET STRING.
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            writer.WriteOctetString(inner.Encode());
        }

        var der = writer.Encode();
        try
        {
            return PemEncoding.WriteString(PemLabel, der) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Decodes PKCS#8 PEM text into the 32-byte seed; <paramref name="path"/> only names the file in errors.</summary>
    internal static byte[] Decode(string text, string path)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new NodeIdentityException($"identity key file '{path}' is not PEM text; expected an Ed25519 '-----BEGIN {PemLabel}-----' block (delete it to create a new identity, which changes the PeerId)");
        }

        var label = text.AsSpan()[fields.Label];
        if (!label.SequenceEqual(PemLabel))
        {
            throw new NodeIdentityException($"identity key file '{path}' holds a '{label}' PEM block; expected '{PemLabel}' (unencrypted PKCS#8 Ed25519)");
        }

        var der = Convert.FromBase64String(text[fields.Base64Data]);
        try
        {
            return DecodeDer(der, path);
        }
        catch (AsnContentException ex)
        {
            throw new NodeIdentityException($"identity key file '{path}' is not a valid PKCS#8 Ed25519 key: {ex.Message}", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static byte[] DecodeDer(byte[] der, string path)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var pkcs8 = reader.ReadSequence();
        reader.ThrowIfNotAtEnd();
        if (!pkcs8.TryReadInt32(out var version) || version != 0)
        {
            throw new NodeIdentityException($"identity key file '{path}': unsupported PKCS#8 version (only version 0 is read)");
        }

        var algorithm = pkcs8.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (oid != Ed25519Oid || algorithm.HasData)
        {
            throw new NodeIdentityException($"identity key file '{path}' holds a key of algorithm {oid}; expected Ed25519 ({Ed25519Oid}) without parameters");
        }

        var privateKey = pkcs8.ReadOctetString();
        var seedReader = new AsnReader(privateKey, AsnEncodingRules.DER);
        var seed = seedReader.ReadOctetString();
        seedReader.ThrowIfNotAtEnd();
        CryptographicOperations.ZeroMemory(privateKey);
        if (seed.Length != NodeIdentity.SeedLength)
        {
            throw new NodeIdentityException($"identity key file '{path}': an Ed25519 seed is {NodeIdentity.SeedLength} bytes, found {seed.Length}");
        }

        // Attributes or a v2 public key would be tolerated by other readers; we write neither, so their
        // presence means the file was not written by us and is refused rather than half-understood.
        pkcs8.ThrowIfNotAtEnd();
        return seed;
    }

    /// <summary>Reads the seed, refusing files that others can read (like ssh does).</summary>
    internal static byte[] Read(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & open) != 0)
            {
                throw new NodeIdentityException($"identity key file '{path}' is accessible by group or others (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {path}'");
            }
        }

        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
        {
            throw new NodeIdentityException($"identity key file '{path}' is {info.Length} bytes; an Ed25519 PKCS#8 PEM key is under {MaxFileBytes}");
        }

        return Decode(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Writes the key atomically with mode 0600: temp file, fsync, no-clobber move. Returns false when
    /// another process created the file first (the caller then loads that one).
    /// </summary>
    internal static bool TryCreate(string path, ReadOnlySpan<byte> seed)
    {
        var temp = path + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                var bytes = System.Text.Encoding.ASCII.GetBytes(Encode(seed));
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
                CryptographicOperations.ZeroMemory(bytes);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
