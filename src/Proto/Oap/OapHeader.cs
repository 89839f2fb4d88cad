namespace RustyOnions.Proto.Oap;

/// <summary>
/// The fixed part of an OAP/1 frame after the length prefix.
/// Wire layout (little-endian): <c>u32 len | u8 ver | u16 flags | u16 code | u16 app | u128 tenant | u16 cap_len | u64 corr_id</c>.
/// </summary>
public readonly record struct OapHeader(OapFlags Flags, ushort Code, ushort AppProtoId, UInt128 TenantId, ulong CorrId)
{
    /// <summary>The only protocol version.</summary>
    public const byte Version = 1;

    /// <summary>Size of the <c>len</c> prefix.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>Bytes counted by <c>len</c> before cap and payload: ver, flags, code, app, tenant, cap_len, corr_id.</summary>
    public const int FixedSize = 1 + 2 + 2 + 2 + 16 + 2 + 8;

    /// <summary>Prefix plus fixed part: the bytes needed before cap and payload.</summary>
    public const int HeaderSize = LengthPrefixSize + FixedSize;

    /// <summary>Default largest frame (the value of <c>len</c>): 1 MiB.</summary>
    public const int DefaultMaxFrame = 1 << 20;

    /// <summary>Smallest max_frame a peer may negotiate.</summary>
    public const int MinMaxFrame = 4096;

    /// <summary>True when the frame starts a message.</summary>
    public bool IsStart => (Flags & OapFlags.Start) != 0;

    /// <summary>True when the frame ends a message.</summary>
    public bool IsEnd => (Flags & OapFlags.End) != 0;

    /// <summary>
    /// True when the frame is the whole message: START|END, or a legacy frame with neither bit
    /// (the original SDK sends HELLO with flags 0).
    /// </summary>
    public bool IsSingle => (Flags & (OapFlags.Start | OapFlags.End)) is (OapFlags.Start | OapFlags.End) or 0;
}
