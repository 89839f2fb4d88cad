using System.Collections.Frozen;
using RustyOnions.Node.Legal;

namespace RustyOnions.Node.Auth;

/// <summary>Revoked cap ids from the hot-reloaded <c>revocations_file</c> (specs/caps.md).</summary>
public sealed class RevocationList : IDisposable
{
    private readonly HotFile<FrozenSet<string>>? _file;

    /// <summary>Creates the list; <paramref name="path"/> null means nothing is revoked.</summary>
    public RevocationList(string? path, TimeSpan poll)
    {
        if (path is not null)
        {
            _file = new HotFile<FrozenSet<string>>(path, text => IdList.Parse(text, Normalise), poll);
        }
    }

    /// <summary>The file watcher, or null when no file is configured.</summary>
    public HotFile<FrozenSet<string>>? File => _file;

    /// <summary>True when the cap id (32 lowercase hex) is revoked.</summary>
    public bool IsRevoked(string capIdHex) => _file is { } f && f.Current.Count > 0 && f.Current.Contains(capIdHex);

    /// <inheritdoc />
    public void Dispose() => _file?.Dispose();

    private static string Normalise(string line) =>
        line.Length == 32 && line.All(char.IsAsciiHexDigit) ? line.ToLowerInvariant() : throw new FormatException($"'{line}' is not a cap id (32 hex digits, see `ron cap inspect`)");
}
