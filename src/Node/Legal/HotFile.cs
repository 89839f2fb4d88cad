using System.Runtime.InteropServices;

namespace RustyOnions.Node.Legal;

/// <summary>
/// A small operator-edited file (revocation list, denylist) parsed into <typeparamref name="T"/> and
/// re-read when it changes: a FileSystemWatcher on its directory for promptness, a cheap mtime/size
/// poll as the fallback watchers miss (editors that rename over the file, network filesystems), and
/// SIGHUP. A file that is missing reads as empty; a read that fails keeps the last good value.
/// </summary>
public sealed class HotFile<T> : IDisposable
    where T : class
{
    private readonly string _path;
    private readonly Func<string, T> _parse;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _poll;
    private readonly PosixSignalRegistration? _hup;
    private readonly Lock _gate = new();
    private (DateTime Mtime, long Size) _seen = (DateTime.MinValue, -1);
    private volatile T _current;

    /// <summary>Loads <paramref name="path"/> now and starts watching it.</summary>
    public HotFile(string path, Func<string, T> parse, TimeSpan pollInterval)
    {
        _path = Path.GetFullPath(path);
        _parse = parse;
        _current = parse(string.Empty);
        Reload(force: true);
        var dir = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(dir))
        {
            _watcher = new FileSystemWatcher(dir, Path.GetFileName(_path)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime };
            _watcher.Changed += (_, _) => Reload(force: false);
            _watcher.Created += (_, _) => Reload(force: false);
            _watcher.Renamed += (_, _) => Reload(force: false);
            _watcher.Deleted += (_, _) => Reload(force: false);
            _watcher.EnableRaisingEvents = true;
        }

        _poll = new Timer(_ => Reload(force: false), null, pollInterval, pollInterval);
        if (!OperatingSystem.IsWindows())
        {
            _hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
            {
                ctx.Cancel = true; // SIGHUP means "reload", not "terminate"
                Reload(force: true);
            });
        }
    }

    /// <summary>The parsed content as of the last successful read.</summary>
    public T Current => _current;

    /// <summary>Times the file was (re)parsed, including the first load.</summary>
    public long Reloads { get; private set; }

    /// <summary>The last read or parse error, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Re-reads the file if its mtime or size changed (or always when <paramref name="force"/>).</summary>
    public void Reload(bool force)
    {
        lock (_gate)
        {
            try
            {
                var info = new FileInfo(_path);
                var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
                if (!force && stamp == _seen)
                {
                    return;
                }

                var text = info.Exists ? File.ReadAllText(_path) : string.Empty;
                _current = _parse(text);
                _seen = stamp;
                Reloads++;
                LastError = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Keep serving the last good list: a half-written file must not open or close everything.
                LastError = e.Message;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _poll.Dispose();
        _hup?.Dispose();
    }
}
