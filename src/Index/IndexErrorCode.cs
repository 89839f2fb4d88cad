namespace RustyOnions.Index;

/// <summary>Why the index refused a record or a request. Each maps to a wire code and an HTTP-like status.</summary>
public enum IndexErrorCode
{
    /// <summary>The Ed25519 signature does not verify against the record's publisher key.</summary>
    BadSignature,

    /// <summary>The record's seq is not greater than the seq already held for the name.</summary>
    StaleSeq,

    /// <summary>The name's namespace segment is not the one derived from the publisher key.</summary>
    WrongNamespace,

    /// <summary>The name breaks a syntax rule (namespace form, depth, empty/dot segments, control characters).</summary>
    InvalidName,

    /// <summary>A size limit is exceeded (name bytes, media type, encoded record).</summary>
    TooLarge,

    /// <summary>Same name and seq as the held record but different content, and the held record won.</summary>
    Conflict,

    /// <summary>The encoding cannot be parsed or a field is out of range.</summary>
    Malformed,
}
