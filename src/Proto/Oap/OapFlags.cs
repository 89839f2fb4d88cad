namespace RustyOnions.Proto.Oap;

/// <summary>OAP/1 frame flags (u16). Unknown bits are carried but ignored.</summary>
[Flags]
public enum OapFlags : ushort
{
    /// <summary>No flag: a legacy one-frame request (the original SDK's HELLO).</summary>
    None = 0,

    /// <summary>A request frame.</summary>
    Req = 0x01,

    /// <summary>A response frame.</summary>
    Resp = 0x02,

    /// <summary>An unsolicited event.</summary>
    Event = 0x04,

    /// <summary>First frame of a message; the only frame that may carry a capability.</summary>
    Start = 0x08,

    /// <summary>Last frame of a message.</summary>
    End = 0x10,

    /// <summary>The sender asks for an acknowledgement.</summary>
    AckReq = 0x20,

    /// <summary>The payload is zstd-compressed.</summary>
    Comp = 0x40,

    /// <summary>The payload is end-to-end encrypted for the application; opaque to the node.</summary>
    AppE2E = 0x80,
}
