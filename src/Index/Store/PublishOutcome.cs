namespace RustyOnions.Index.Store;

/// <summary>What a store did with a valid (signed, in-namespace, within-limits) record.</summary>
public enum PublishOutcome
{
    /// <summary>Stored: the first record for the name, or a higher seq than the held one.</summary>
    Accepted,

    /// <summary>Byte-identical to the held record; nothing changed (re-delivery is harmless).</summary>
    Duplicate,

    /// <summary>Refused: seq lower than the held record's.</summary>
    Stale,

    /// <summary>Same seq as the held record, different content, and this record won the tie-break: stored, replacing it.</summary>
    ConflictWon,

    /// <summary>Same seq as the held record, different content, and the held record won: refused.</summary>
    ConflictLost,
}
