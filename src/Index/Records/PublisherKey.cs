using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace RustyOnions.Index.Records;

/// <summary>
/// An Ed25519 key that owns one namespace. Kept in memory only (amnesia mode) or in a key file that
/// holds <c>ron-index-key-v1:&lt;64 hex seed&gt;</c> and is readable by its owner alone (mode 0600).
/// </summary>
public sealed class PublisherKey
{
    /// <summary>Ed25519 seed (private key) length.</summary>
    public const int SeedLength = 32;

    private const string FilePrefix = "ron-index-key-v1:";

    private readonly Ed25519PrivateKeyParameters _private;
    private readonly byte[] _public;

    private PublisherKey(Ed25519PrivateKeyParameters key)
    {
        _private = key;
        _public = key.GeneratePublicKey().GetEncoded();
        Namespace = IndexNamespace.FromPublicKey(_public);
    }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _public;

    /// <summary>The namespace this key owns.</summary>
    public string Namespace { get; }

    /// <summary>Creates a fresh key from the OS random generator.</summary>
    public static PublisherKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        var key = FromSeed(seed);
        CryptographicOperations.ZeroMemory(seed);
        return key;
    }

    /// <summary>Builds the key from its 32-byte RFC 8032 seed.</summary>
    public static PublisherKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"an Ed25519 seed is {SeedLength} bytes, got {seed.Length}", nameof(seed));
        }

        return new PublisherKey(new Ed25519PrivateKeyParameters(seed));
    }

    /// <summary>
    /// Loads a key file. Refuses a file that group or others may read or write, like ssh does,
    /// because a leaked seed lets anyone overwrite every name in the namespace.
    /// </summary>
    public static async Task<PublisherKey> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode loose = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & loose) != 0)
            {
                throw new UnauthorizedAccessException(
                    $"publisher key file '{path}' is accessible to group or others (mode {Convert.ToString((int)mode, 8)}); run: chmod 600 '{path}'");
            }
        }

        var text = (await File.ReadAllTextAsync(path, Encoding.ASCII, cancellationToken).ConfigureAwait(false)).Trim();
        if (!text.StartsWith(FilePrefix, StringComparison.Ordinal) || text.Length != FilePrefix.Length + (SeedLength * 2))
        {
            throw new InvalidDataException($"publisher key file '{path}' must hold '{FilePrefix}' followed by {SeedLength * 2} hex digits");
        }

        byte[] seed;
        try
        {
            seed = Convert.FromHexString(text.AsSpan(FilePrefix.Length));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"publisher key file '{path}' holds a seed that is not hexadecimal", e);
        }

        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Loads the key file, or creates it with a fresh key when it does not exist.</summary>
    public static async Task<PublisherKey> LoadOrCreateAsync(string path, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path))
        {
            return await LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var key = Generate();
        await key.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// Writes the key to a new file created with mode 0600 and flushed to disk. Never overwrites:
    /// an existing file throws <see cref="IOException"/>, since replacing a key loses a namespace.
    /// </summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var seed = _private.GetEncoded();
        var bytes = Encoding.ASCII.GetBytes(FilePrefix + Convert.ToHexStringLower(seed) + "\n");
        CryptographicOperations.ZeroMemory(seed);
        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>The full name of <paramref name="path"/> in this key's namespace.</summary>
    public string NameFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Namespace + "/" + path;
    }

    /// <summary>Signs raw bytes (already domain-separated by the caller).</summary>
    internal void SignRaw(ReadOnlySpan<byte> message, Span<byte> signature) =>
        _private.Sign(Ed25519.Algorithm.Ed25519, null, message, signature);
}
