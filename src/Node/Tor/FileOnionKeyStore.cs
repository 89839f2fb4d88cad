using System.Text;

namespace RustyOnions.Node.Tor;

/// <summary>
/// Keeps the onion key in <c>DATA_DIR/tor/onion_ed25519_v3.key</c> (mode 0600), so a restarted node
/// keeps its onion address. Written to a temp file then renamed, so a crash never leaves half a key.
/// </summary>
public sealed class FileOnionKeyStore : IOnionKeyStore
{
    private const string Prefix = "ED25519-V3:";

    /// <summary>Uses the key file under <paramref name="dataDir"/>.</summary>
    public FileOnionKeyStore(string dataDir) => KeyPath = Path.Combine(dataDir, "tor", "onion_ed25519_v3.key");

    /// <summary>The key file.</summary>
    public string KeyPath { get; }

    /// <inheritdoc />
    public string? Load()
    {
        if (!File.Exists(KeyPath))
        {
            return null;
        }

        var key = File.ReadAllText(KeyPath, Encoding.ASCII).Trim();
        return key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length > Prefix.Length
            ? key
            : throw new InvalidDataException($"onion key file {KeyPath} does not hold an {Prefix}<base64> key; remove it to get a new onion address");
    }

    /// <inheritdoc />
    public void Save(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var dir = Path.GetDirectoryName(KeyPath)!;
        Directory.CreateDirectory(dir);
        var tmp = KeyPath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var f = new FileStream(tmp, options))
        {
            f.Write(Encoding.ASCII.GetBytes(key + "\n"));
            f.Flush(flushToDisk: true);
        }

        File.Move(tmp, KeyPath, overwrite: true);
    }
}
