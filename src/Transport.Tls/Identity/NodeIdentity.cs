using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;
using RustyOnions.Proto.Addressing;

namespace RustyOnions.Transport.Tls.Identity;

/// <summary>
/// A node's long-term Ed25519 identity key pair. Its <see cref="PeerId"/> is BLAKE3 of the public key.
/// Persisted in the data dir by <see cref="LoadOrCreate"/>, or memory-only (<see cref="CreateEphemeral"/>)
/// for amnesia mode. Dispose wipes the private seed.
/// </summary>
public sealed class NodeIdentity : IDisposable
{
    /// <summary>Length of an Ed25519 private seed.</summary>
    public const int SeedLength = 32;

    /// <summary>Length of an Ed25519 public key.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    /// <summary>File name of the identity key inside the data dir.</summary>
    public const string KeyFileName = "identity.key";

    private readonly byte[] _seed;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private NodeIdentity(byte[] seed, string? keyPath)
    {
        _seed = seed;
        _publicKey = new byte[PublicKeyLength];
        Ed25519.GeneratePublicKey(seed, 0, _publicKey, 0);
        PeerId = PeerId.FromPublicKey(_publicKey);
        KeyPath = keyPath;
    }

    /// <summary>BLAKE3-256 of <see cref="PublicKey"/>.</summary>
    public PeerId PeerId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The key file this identity was loaded from or written to; null when ephemeral.</summary>
    public string? KeyPath { get; }

    /// <summary>True for a memory-only identity (amnesia mode).</summary>
    public bool IsEphemeral => KeyPath is null;

    /// <summary>
    /// Loads <c>&lt;dataDir&gt;/identity.key</c>, creating the directory and a fresh key (mode 0600) on first run.
    /// </summary>
    /// <exception cref="NodeIdentityException">The file exists but is malformed or readable by others.</exception>
    public static NodeIdentity LoadOrCreate(string dataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, KeyFileName);
        if (!File.Exists(path))
        {
            var seed = RandomNumberGenerator.GetBytes(SeedLength);
            if (IdentityKeyFile.TryCreate(path, seed))
            {
                return new NodeIdentity(seed, path);
            }

            // Another process won the race; its key is the identity.
            CryptographicOperations.ZeroMemory(seed);
        }

        return new NodeIdentity(IdentityKeyFile.Read(path), path);
    }

    /// <summary>A fresh identity that is never written anywhere.</summary>
    public static NodeIdentity CreateEphemeral() => new(RandomNumberGenerator.GetBytes(SeedLength), keyPath: null);

    /// <summary>An ephemeral identity from a known seed (test vectors, deterministic test networks).</summary>
    public static NodeIdentity FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"an Ed25519 seed is {SeedLength} bytes, got {seed.Length}", nameof(seed));
        }

        return new NodeIdentity(seed.ToArray(), keyPath: null);
    }

    /// <summary>Signs <paramref name="data"/> with pure Ed25519 (RFC 8032), returning the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var message = data.ToArray();
        var signature = new byte[SignatureLength];
        Ed25519.Sign(_seed, 0, message, 0, message.Length, signature, 0);
        return signature;
    }

    /// <summary>Verifies a pure Ed25519 signature; false (never an exception) for wrong lengths or invalid keys.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        var message = data.ToArray();
        return Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, message, 0, message.Length);
    }

    /// <summary>Wipes the private seed; <see cref="Sign"/> then throws.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_seed);
        }
    }

    /// <inheritdoc />
    public override string ToString() => IsEphemeral ? $"{PeerId} (ephemeral)" : $"{PeerId} ({KeyPath})";
}
