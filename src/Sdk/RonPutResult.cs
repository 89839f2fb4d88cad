using RustyOnions.Proto.Content;

namespace RustyOnions.Sdk;

/// <summary>What a PUT stored.</summary>
public sealed record RonPutResult(ContentId Addr, long Size, ulong CorrId);
