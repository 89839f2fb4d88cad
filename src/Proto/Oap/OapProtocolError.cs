namespace RustyOnions.Proto.Oap;

/// <summary>Why a byte stream is not valid OAP/1.</summary>
public enum OapProtocolError
{
    /// <summary><c>len</c> is larger than the negotiated max_frame.</summary>
    FrameTooLarge,

    /// <summary><c>len</c> is smaller than the fixed header.</summary>
    FrameTooShort,

    /// <summary><c>ver</c> is not 1.</summary>
    BadVersion,

    /// <summary><c>cap_len</c> runs past the end of the frame.</summary>
    CapOutOfRange,

    /// <summary>A capability on a frame without START.</summary>
    CapOnNonStart,

    /// <summary>The stream ended inside a frame.</summary>
    Truncated,
}
