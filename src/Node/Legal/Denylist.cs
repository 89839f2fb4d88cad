using System.Collections.Frozen;
using RustyOnions.Proto.Content;

namespace RustyOnions.Node.Legal;

/// <summary>
/// Content addresses this node refuses to serve (451), from the hot-reloaded <c>denylist_file</c>.
/// Blocking is about serving only: the bytes stay in the store (other peers may hold this node to
/// its replicas) until the operator deletes them.
/// </summary>
public sealed class Denylist : IDisposable
{
    private readonly HotFile<FrozenSet<string>>? _file;

    /// <summary>Creates the list; <paramref name="path"/> null means nothing is blocked.</summary>
    public Denylist(string? path, TimeSpan poll)
    {
        if (path is not null)
        {
            _file = new HotFile<FrozenSet<string>>(path, text => IdList.Parse(text, Normalise), poll);
        }
    }

    /// <summary>How many addresses are blocked now.</summary>
    public int Count => _file?.Current.Count ?? 0;

    /// <summary>The file watcher, or null when no file is configured.</summary>
    public HotFile<FrozenSet<string>>? File => _file;

    /// <summary>True when <paramref name="addr"/> is blocked.</summary>
    public bool IsDenied(ContentId addr) => _file is { } f && f.Current.Count > 0 && f.Current.Contains(addr.ToCanonicalString());

    /// <summary>True when the text of an address is blocked (unparseable text is not).</summary>
    public bool IsDenied(string? addr) =>
        _file is { } f && f.Current.Count > 0 && ContentId.TryParse(addr, out var id, out _) && f.Current.Contains(id.ToCanonicalString());

    /// <inheritdoc />
    public void Dispose() => _file?.Dispose();

    private static string Normalise(string line) =>
        ContentId.TryParse(line, out var id, out var error) ? id.ToCanonicalString() : throw new FormatException($"'{line}' is not a content address b3:<64 hex>: {error}");
}
