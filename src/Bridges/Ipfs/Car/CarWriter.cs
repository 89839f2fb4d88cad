using RustyOnions.Bridges.Ipfs.Multiformats;

namespace RustyOnions.Bridges.Ipfs.Car;

/// <summary>Writes a CARv1 to a stream: <c>varint(len) | header</c>, then per block <c>varint(len) | CID | block</c>.
/// Does not flush or dispose the stream. Not thread-safe.</summary>
public sealed class CarWriter
{
    private readonly Stream _destination;
    private bool _headerWritten;

    /// <summary>Creates a writer over <paramref name="destination"/>.</summary>
    public CarWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _destination = destination;
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Blocks written so far.</summary>
    public int BlocksWritten { get; private set; }

    /// <summary>The encoded header section (length prefix included) for <paramref name="roots"/>.</summary>
    public static byte[] EncodeHeader(IReadOnlyList<Cid> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var header = CarHeader.Encode(roots);
        var section = new byte[Varint.GetLength((ulong)header.Length) + header.Length];
        int n = Varint.Write(section, (ulong)header.Length);
        header.CopyTo(section, n);
        return section;
    }

    /// <summary>Writes the header; must come first and only once.</summary>
    public async ValueTask WriteHeaderAsync(IReadOnlyList<Cid> roots, CancellationToken cancellationToken = default)
    {
        if (_headerWritten)
            throw new InvalidOperationException("the CAR header was already written");
        var section = EncodeHeader(roots);
        await _destination.WriteAsync(section, cancellationToken).ConfigureAwait(false);
        _headerWritten = true;
        BytesWritten += section.Length;
    }

    /// <summary>Writes one block section. The caller vouches that <paramref name="block"/> matches <paramref name="cid"/>.</summary>
    public async ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (!_headerWritten)
            throw new InvalidOperationException("write the CAR header first");
        var prefix = new byte[Varint.MaxLength + cid.Bytes.Length];
        int n = Varint.Write(prefix, (ulong)(cid.Bytes.Length + block.Length));
        cid.Bytes.CopyTo(prefix.AsSpan(n));
        n += cid.Bytes.Length;
        await _destination.WriteAsync(prefix.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        await _destination.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        BytesWritten += n + block.Length;
        BlocksWritten++;
    }
}
