using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>Raised when two different records with the same name and seq met; the winner is deterministic.</summary>
/// <param name="winner">The record kept (smaller signature bytes).</param>
/// <param name="loser">The record refused or replaced.</param>
public sealed class ConflictEventArgs(NameRecord winner, NameRecord loser) : EventArgs
{
    /// <summary>The record kept.</summary>
    public NameRecord Winner { get; } = winner;

    /// <summary>The record refused or replaced.</summary>
    public NameRecord Loser { get; } = loser;
}
