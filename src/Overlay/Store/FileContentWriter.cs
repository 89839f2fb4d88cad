using RustyOnions.Proto.Content;

namespace RustyOnions.Overlay.Store;

/// <summary>Streams a PUT into a temp file under <c>&lt;root&gt;/tmp/</c>.</summary>
internal sealed class FileContentWriter : ContentWriter
{
    private readonly ContentStore _store;
    private readonly string _tempPath;
    private FileStream? _file;

    public FileContentWriter(ContentStore store, ContentId? expected, long? declaredSize)
        : base(expected, declaredSize, store.Opts.MaxObjectBytes)
    {
        _store = store;
        _tempPath = store.NewTempPath();
        _file = new FileStream(_tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            PreallocationSize = declaredSize ?? 0,
        });
    }

    private protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        => _file!.WriteAsync(data, ct);

    private protected override async ValueTask<PutResult> CommitCoreAsync(ContentId addr, long size, byte[] blockHashes, CancellationToken ct)
    {
        await _file!.FlushAsync(ct).ConfigureAwait(false);
        if (_store.Opts.FsyncEnabled)
        {
            _file.Flush(flushToDisk: true);
        }

        await _file.DisposeAsync().ConfigureAwait(false);
        _file = null;
        return _store.CommitFile(_tempPath, addr, size, blockHashes);
    }

    private protected override async ValueTask AbortCoreAsync()
    {
        if (_file is not null)
        {
            try
            {
                await _file.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the temp file is deleted below regardless
            }

            _file = null;
        }

        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // swept at the next Open
        }
    }
}
