namespace RustyOnions.Node.Tor;

/// <summary>Keeps the onion key in memory only: a new onion address on every start.</summary>
public sealed class MemoryOnionKeyStore : IOnionKeyStore
{
    private volatile string? _key;

    /// <inheritdoc />
    public string? Load() => _key;

    /// <inheritdoc />
    public void Save(string key) => _key = key;
}
