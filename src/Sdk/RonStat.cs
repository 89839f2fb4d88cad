using RustyOnions.Proto.Content;

namespace RustyOnions.Sdk;

/// <summary>Whether the node holds an object, and its size.</summary>
public sealed record RonStat(ContentId Addr, bool Exists, long? Size);
