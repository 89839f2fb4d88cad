namespace RustyOnions.Node.Tor;

/// <summary>
/// Where the onion service's "ED25519-V3:&lt;base64&gt;" key lives: a file in the data dir, or memory
/// only (for an amnesia mode, where nothing identifying may touch the disk).
/// </summary>
public interface IOnionKeyStore
{
    /// <summary>The stored key, or null when none was stored yet.</summary>
    string? Load();

    /// <summary>Stores the key tor created for this node.</summary>
    void Save(string key);
}
