using RustyOnions.Index.Records;

namespace RustyOnions.Index.Store;

/// <summary>A current record with the local change sequence of its last accepted write.</summary>
/// <param name="ChangeSeq">Local, monotonically increasing; meaningful only on this store.</param>
/// <param name="Record">The record.</param>
public sealed record ChangedRecord(long ChangeSeq, NameRecord Record);
