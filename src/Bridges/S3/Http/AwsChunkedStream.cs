using System.Security.Cryptography;
using System.Text;
using RustyOnions.Bridges.S3.Auth;

namespace RustyOnions.Bridges.S3.Http;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>hex-size[;chunk-signature=sig]\r\n data \r\n ... 0...\r\n trailers \r\n</c>),
/// verifying chained chunk signatures when the payload is signed and collecting the trailer headers.
/// </summary>
internal sealed class AwsChunkedStream : Stream
{
    private const int MaxLine = 4096;
    private readonly Stream _inner;
    private readonly S3AuthResult? _signed;
    private readonly byte[] _buf = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _chunkLeft;
    private bool _done;
    private string _previousSignature;
    private string? _chunkSignature;
    private IncrementalHash? _chunkHash;

    /// <summary>Wraps a body; <paramref name="signed"/> verifies chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD*).</summary>
    public AwsChunkedStream(Stream inner, S3AuthResult? signed)
    {
        _inner = inner;
        _signed = signed;
        _previousSignature = signed?.Signature ?? string.Empty;
    }

    /// <summary>Trailer headers (lower-case names) after the last chunk.</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_done && _chunkLeft == 0)
        {
            await NextChunkAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_done)
        {
            return 0;
        }

        if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            throw Malformed("the body ended inside a chunk");
        }

        var n = (int)Math.Min(Math.Min(buffer.Length, _end - _start), _chunkLeft);
        var data = _buf.AsSpan(_start, n);
        data.CopyTo(buffer.Span);
        _chunkHash?.AppendData(data);
        _start += n;
        _chunkLeft -= n;
        if (_chunkLeft == 0)
        {
            await FinishChunkAsync(cancellationToken).ConfigureAwait(false);
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private static S3Exception Malformed(string why) => new(400, "IncompleteBody", "The aws-chunked body is malformed: " + why);

    private async ValueTask NextChunkAsync(CancellationToken ct)
    {
        var header = await ReadLineAsync(ct).ConfigureAwait(false) ?? throw Malformed("missing chunk header");
        var semi = header.IndexOf(';', StringComparison.Ordinal);
        var sizeText = semi < 0 ? header : header[..semi];
        if (!long.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            throw Malformed($"chunk size '{sizeText}' is not hexadecimal");
        }

        _chunkSignature = null;
        if (semi >= 0)
        {
            var ext = header[(semi + 1)..];
            if (ext.StartsWith("chunk-signature=", StringComparison.Ordinal))
            {
                _chunkSignature = ext["chunk-signature=".Length..];
            }
        }

        if (_signed is not null && _chunkSignature is null)
        {
            throw new S3Exception(403, "SignatureDoesNotMatch", "A signed aws-chunked body carries a chunk without chunk-signature");
        }

        _chunkHash = _signed is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _chunkLeft = size;
        if (size == 0)
        {
            VerifyChunk();
            await ReadTrailersAsync(ct).ConfigureAwait(false);
            _done = true;
        }
    }

    private async ValueTask FinishChunkAsync(CancellationToken ct)
    {
        VerifyChunk();
        var crlf = await ReadLineAsync(ct).ConfigureAwait(false);
        if (crlf is not { Length: 0 })
        {
            throw Malformed("chunk data is not followed by CRLF");
        }
    }

    private void VerifyChunk()
    {
        if (_signed?.SigningKey is null || _chunkHash is null)
        {
            return;
        }

        var sts = $"AWS4-HMAC-SHA256-PAYLOAD\n{_signed.AmzDate}\n{_signed.Scope}\n{_previousSignature}\n{SigV4.EmptySha256}\n{SigV4.Hex(_chunkHash.GetHashAndReset())}";
        var expected = SigV4.Sign(_signed.SigningKey, sts);
        if (!SigV4.SignatureEquals(expected, _chunkSignature ?? string.Empty))
        {
            throw new S3Exception(403, "SignatureDoesNotMatch", "The chunk signature we calculated does not match the signature you provided.");
        }

        _previousSignature = expected;
        _chunkHash.Dispose();
        _chunkHash = null;
    }

    private async ValueTask ReadTrailersAsync(CancellationToken ct)
    {
        var canonical = new StringBuilder();
        string? trailerSig = null;
        while (await ReadLineAsync(ct).ConfigureAwait(false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed($"trailer line '{line}' has no ':'");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSig = value;
                continue;
            }

            Trailers[name] = value;
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        if (_signed?.SigningKey is not null && _signed.PayloadHash.EndsWith("-TRAILER", StringComparison.Ordinal) && Trailers.Count > 0)
        {
            var hash = SigV4.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
            var sts = $"AWS4-HMAC-SHA256-TRAILER\n{_signed.AmzDate}\n{_signed.Scope}\n{_previousSignature}\n{hash}";
            if (trailerSig is null || !SigV4.SignatureEquals(SigV4.Sign(_signed.SigningKey, sts), trailerSig))
            {
                throw new S3Exception(403, "SignatureDoesNotMatch", "The trailer signature we calculated does not match the signature you provided.");
            }
        }
    }

    private async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var idx = _buf.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (idx >= 0)
            {
                var line = Encoding.ASCII.GetString(_buf, _start, idx);
                _start += idx + 2;
                return line;
            }

            if (_end - _start > MaxLine)
            {
                throw Malformed("a chunk header or trailer line is too long");
            }

            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                // Some clients omit the final CRLF after the trailers.
                if (_end > _start)
                {
                    var rest = Encoding.ASCII.GetString(_buf, _start, _end - _start);
                    _start = _end;
                    return rest;
                }

                return null;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var n = await _inner.ReadAsync(_buf.AsMemory(_end), ct).ConfigureAwait(false);
        _end += n;
        return n > 0;
    }
}
