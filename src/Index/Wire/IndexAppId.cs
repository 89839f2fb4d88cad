namespace RustyOnions.Index.Wire;

/// <summary>
/// The OAP/1 application id of the index service (specs/oap-1.md §10). It lives here rather than in
/// Proto's registry so the index owns its range (0x0400–0x04FF) without a Proto change.
/// </summary>
public static class IndexAppId
{
    /// <summary>Index requests: JSON ops publish, publish_many, resolve, list, history, changes, stats.</summary>
    public const ushort Index = 0x0401;
}
