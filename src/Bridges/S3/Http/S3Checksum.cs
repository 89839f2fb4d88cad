using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RustyOnions.Bridges.S3.Http;

/// <summary>Incremental x-amz-checksum-* values (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), base64 of the big-endian digest.</summary>
internal sealed class S3Checksum
{
    private static readonly uint[] Crc32Table = Table32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = Table32(0x82F63B78u);
    private static readonly ulong[] Crc64Table = Table64(0x9A6C9329AC4BC9B5ul);
    private readonly IncrementalHash? _hash;
    private readonly uint[]? _table32;
    private uint _crc32 = 0xFFFFFFFFu;
    private ulong _crc64 = ulong.MaxValue;

    private S3Checksum(string algorithm, IncrementalHash? hash, uint[]? table32)
    {
        Algorithm = algorithm;
        _hash = hash;
        _table32 = table32;
    }

    /// <summary>The lower-case algorithm name as in the header suffix (crc32, crc32c, crc64nvme, sha1, sha256).</summary>
    public string Algorithm { get; }

    /// <summary>The header name carrying this checksum.</summary>
    public string HeaderName => "x-amz-checksum-" + Algorithm;

    /// <summary>Creates a checksum for a header name suffix, or null when the algorithm is unknown.</summary>
    public static S3Checksum? Create(string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "crc32" => new S3Checksum("crc32", null, Crc32Table),
        "crc32c" => new S3Checksum("crc32c", null, Crc32CTable),
        "crc64nvme" => new S3Checksum("crc64nvme", null, null),
        "sha1" => new S3Checksum("sha1", IncrementalHash.CreateHash(HashAlgorithmName.SHA1), null),
        "sha256" => new S3Checksum("sha256", IncrementalHash.CreateHash(HashAlgorithmName.SHA256), null),
        _ => null,
    };

    /// <summary>Feeds bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_hash is not null)
        {
            _hash.AppendData(data);
        }
        else if (_table32 is not null)
        {
            var crc = _crc32;
            foreach (var b in data)
            {
                crc = _table32[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            _crc32 = crc;
        }
        else
        {
            var crc = _crc64;
            foreach (var b in data)
            {
                crc = Crc64Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            _crc64 = crc;
        }
    }

    /// <summary>The base64 digest of everything appended.</summary>
    public string ToBase64()
    {
        if (_hash is not null)
        {
            return Convert.ToBase64String(_hash.GetHashAndReset());
        }

        if (_table32 is not null)
        {
            Span<byte> b4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b4, ~_crc32);
            return Convert.ToBase64String(b4);
        }

        Span<byte> b8 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b8, ~_crc64);
        return Convert.ToBase64String(b8);
    }

    private static uint[] Table32(uint poly)
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? poly ^ (c >> 1) : c >> 1;
            }

            t[i] = c;
        }

        return t;
    }

    private static ulong[] Table64(ulong poly)
    {
        var t = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? poly ^ (c >> 1) : c >> 1;
            }

            t[i] = c;
        }

        return t;
    }
}
