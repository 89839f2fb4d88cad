using System.Buffers.Binary;
using System.Text;

namespace RustyOnions.Proto.Caps;

/// <summary>
/// A decoded capability (specs/caps.md): who may do what until when, signed by an issuer.
/// <see cref="Decode"/> checks the format only; <see cref="CapVerifier"/> checks the signature,
/// the issuer, expiry and the grant.
/// </summary>
public sealed record CapToken
{
    /// <summary>The format version this code writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Length of a cap id.</summary>
    public const int IdLength = 16;

    /// <summary>Length of an Ed25519 public key.</summary>
    public const int KeyLength = 32;

    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    /// <summary>Most operations one token may grant.</summary>
    public const int MaxOps = 64;

    /// <summary>Largest encoded token (binary form); its text form fits the u16 cap field.</summary>
    public const int MaxEncodedSize = 4096;

    /// <summary>Domain-separation prefix of the signed message.</summary>
    public static ReadOnlySpan<byte> SigningPrefix => "ron-cap-v1\0"u8;

    internal const int FixedLength = 1 + IdLength + 16 + 8 + 8 + 4 + 8 + 8 + 1;

    /// <summary>Random id the operator revokes the token by.</summary>
    public required byte[] Id { get; init; }

    /// <summary>The tenant the token is for; the frame's tenant_id must equal it.</summary>
    public required UInt128 Tenant { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When it stops being valid (exclusive).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Granted operations, sorted and unique.</summary>
    public required IReadOnlyList<CapOp> Ops { get; init; }

    /// <summary>Optional limits.</summary>
    public CapCaveats Caveats { get; init; } = CapCaveats.None;

    /// <summary>The issuer's Ed25519 public key.</summary>
    public required byte[] Issuer { get; init; }

    /// <summary>The issuer's signature over <see cref="SigningPrefix"/> and every byte before it.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>The token's id as 32 lowercase hex digits (the revocation-list form).</summary>
    public string IdHex => Convert.ToHexStringLower(Id);

    /// <summary>The issuer key as 64 lowercase hex digits (the RON_CAP_ISSUERS form).</summary>
    public string IssuerHex => Convert.ToHexStringLower(Issuer);

    /// <summary>True when some op grants <paramref name="appId"/>/<paramref name="op"/>.</summary>
    public bool Grants(ushort appId, string op)
    {
        foreach (var o in Ops)
        {
            if (o.Grants(appId, op))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The canonical binary form.</summary>
    public byte[] Encode()
    {
        var body = EncodeBody(Id, Tenant, IssuedAt, ExpiresAt, Ops, Caveats, Issuer);
        var result = new byte[body.Length + SignatureLength];
        body.CopyTo(result, 0);
        Signature.CopyTo(result, body.Length);
        return result;
    }

    /// <summary>The text form: unpadded base64url of <see cref="Encode"/> (RON_CAP, bearer header, cap field).</summary>
    public string ToText() => System.Buffers.Text.Base64Url.EncodeToString(Encode());

    /// <summary>Decodes the text form.</summary>
    public static CapToken FromText(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxEncodedSize * 4 / 3 + 4)
        {
            throw new CapFormatException($"capability text of {text.Length} characters is longer than any valid token");
        }

        byte[] bytes;
        try
        {
            bytes = text.Contains('=') ? throw new FormatException("padding") : System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException e)
        {
            throw new CapFormatException("capability is not unpadded base64url text", e);
        }

        return Decode(bytes);
    }

    /// <summary>
    /// Decodes the <c>cap</c> field of a START frame: the text form as ASCII (what clients send), or the
    /// binary form (first byte 0x01, never a base64url character).
    /// </summary>
    public static CapToken FromField(ReadOnlySpan<byte> field)
    {
        if (!field.IsEmpty && field[0] == Version)
        {
            return Decode(field);
        }

        if (field.Length > MaxEncodedSize * 2)
        {
            throw new CapFormatException($"cap field of {field.Length} bytes is longer than any valid token");
        }

        Span<char> chars = stackalloc char[field.Length];
        for (var i = 0; i < field.Length; i++)
        {
            chars[i] = (char)field[i];
        }

        return FromText(chars);
    }

    /// <summary>Decodes the binary form; rejects anything not canonical (unsorted or repeated ops, trailing bytes).</summary>
    public static CapToken Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxEncodedSize)
        {
            throw new CapFormatException($"capability of {data.Length} bytes exceeds {MaxEncodedSize}");
        }

        if (data.Length < FixedLength + KeyLength + SignatureLength)
        {
            throw new CapFormatException($"capability of {data.Length} bytes is shorter than the smallest token");
        }

        if (data[0] != Version)
        {
            throw new CapFormatException($"capability version {data[0]} is not supported (expected {Version})");
        }

        var id = data.Slice(1, IdLength).ToArray();
        var tenant = BinaryPrimitives.ReadUInt128LittleEndian(data[17..]);
        var issued = ReadTime(data[33..]);
        var expires = ReadTime(data[41..]);
        var rps = BinaryPrimitives.ReadUInt32LittleEndian(data[49..]);
        var bytesPerDay = BinaryPrimitives.ReadUInt64LittleEndian(data[53..]);
        var maxObject = BinaryPrimitives.ReadUInt64LittleEndian(data[61..]);
        int count = data[69];
        if (count is 0 or > MaxOps)
        {
            throw new CapFormatException($"capability grants {count} operations; expected 1..{MaxOps}");
        }

        var pos = FixedLength;
        var ops = new CapOp[count];
        for (var i = 0; i < count; i++)
        {
            if (data.Length - pos < 3)
            {
                throw new CapFormatException("capability ends inside its operation list");
            }

            var app = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
            int len = data[pos + 2];
            pos += 3;
            if (data.Length - pos < len)
            {
                throw new CapFormatException("capability ends inside an operation name");
            }

            var op = Encoding.ASCII.GetString(data.Slice(pos, len));
            pos += len;
            CapOp.ValidateOp(op);
            ops[i] = new CapOp(app, op);
            if (i > 0 && ops[i - 1].CompareTo(ops[i]) >= 0)
            {
                throw new CapFormatException("capability operations are not sorted and unique (non-canonical encoding)");
            }
        }

        if (data.Length - pos != KeyLength + SignatureLength)
        {
            throw new CapFormatException($"capability has {data.Length - pos - KeyLength - SignatureLength} unexpected bytes after its operations");
        }

        if (expires <= issued)
        {
            throw new CapFormatException("capability expires before it was issued");
        }

        return new CapToken
        {
            Id = id,
            Tenant = tenant,
            IssuedAt = issued,
            ExpiresAt = expires,
            Ops = ops,
            Caveats = new CapCaveats(rps == 0 ? null : rps, bytesPerDay == 0 ? null : bytesPerDay, maxObject == 0 ? null : maxObject),
            Issuer = data.Slice(pos, KeyLength).ToArray(),
            Signature = data.Slice(pos + KeyLength, SignatureLength).ToArray(),
        };
    }

    /// <summary>The bytes the signature covers, without the prefix: the whole token except the signature.</summary>
    internal static byte[] EncodeBody(byte[] id, UInt128 tenant, DateTimeOffset issued, DateTimeOffset expires, IReadOnlyList<CapOp> ops, CapCaveats caveats, byte[] issuer)
    {
        if (id.Length != IdLength || issuer.Length != KeyLength)
        {
            throw new CapFormatException($"cap id must be {IdLength} bytes and issuer key {KeyLength} bytes");
        }

        var length = FixedLength + KeyLength;
        foreach (var op in ops)
        {
            length += 3 + op.Op.Length;
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = Version;
        id.CopyTo(span[1..]);
        BinaryPrimitives.WriteUInt128LittleEndian(span[17..], tenant);
        BinaryPrimitives.WriteUInt64LittleEndian(span[33..], (ulong)issued.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt64LittleEndian(span[41..], (ulong)expires.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32LittleEndian(span[49..], caveats.Rps ?? 0);
        BinaryPrimitives.WriteUInt64LittleEndian(span[53..], caveats.BytesPerDay ?? 0);
        BinaryPrimitives.WriteUInt64LittleEndian(span[61..], caveats.MaxObjectSize ?? 0);
        span[69] = (byte)ops.Count;
        var pos = FixedLength;
        foreach (var op in ops)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], op.AppId);
            span[pos + 2] = (byte)op.Op.Length;
            pos += 3 + Encoding.ASCII.GetBytes(op.Op, span[(pos + 3)..]);
        }

        issuer.CopyTo(span[pos..]);
        return buffer;
    }

    private static DateTimeOffset ReadTime(ReadOnlySpan<byte> data)
    {
        var seconds = BinaryPrimitives.ReadUInt64LittleEndian(data);
        return seconds > 253402300799UL
            ? throw new CapFormatException($"capability time {seconds} is past the year 9999")
            : DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }
}
