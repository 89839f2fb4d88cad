namespace RustyOnions.Overlay.Store;

/// <summary>
/// Resolves client-supplied relative paths under a configured root directory (e.g. a tiles or
/// static-files root) and refuses anything that could leave it: <c>..</c>, absolute paths, NUL,
/// backslashes, empty or <c>.</c> segments, and symbolic links whose target lies outside the root.
/// </summary>
public sealed class FileRoot
{
    private readonly string _root;

    /// <summary>Creates a resolver for <paramref name="rootDirectory"/> (which must exist).</summary>
    public FileRoot(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var full = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"file root '{full}' does not exist: create it or fix the configured path");
        }

        _root = RealPath(full);
    }

    /// <summary>The root, with symbolic links resolved.</summary>
    public string RootPath => _root;

    /// <summary>
    /// Returns the file for <paramref name="relativePath"/> (segments separated by '/'). The file may
    /// not exist: check <see cref="FileSystemInfo.Exists"/>.
    /// </summary>
    /// <exception cref="PathRejectedException">The path could escape the root.</exception>
    public FileInfo Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0)
        {
            throw new PathRejectedException(relativePath, "path is empty");
        }

        if (relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathRejectedException(relativePath, "path contains a NUL character");
        }

        if (relativePath.Contains('\\', StringComparison.Ordinal))
        {
            throw new PathRejectedException(relativePath, "path contains a backslash; use '/'");
        }

        if (relativePath.StartsWith('/') || Path.IsPathRooted(relativePath))
        {
            throw new PathRejectedException(relativePath, "path is absolute; it must be relative to the root");
        }

        var current = _root;
        foreach (var segment in relativePath.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new PathRejectedException(relativePath, $"path has a '{segment}' segment; only plain names are allowed");
            }

            current = Path.Combine(current, segment);

            // Resolve links one segment at a time so a link can never carry the walk outside.
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                var targetPath = target is null ? null : Path.GetFullPath(target.FullName);
                if (targetPath is null || !IsUnderRoot(targetPath))
                {
                    throw new PathRejectedException(relativePath, $"'{segment}' is a symbolic link leading outside the root");
                }

                current = targetPath;
            }
        }

        return new FileInfo(current);
    }

    private static string RealPath(string path)
    {
        var info = new DirectoryInfo(path);
        return info.LinkTarget is null ? path : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
    }

    private bool IsUnderRoot(string path)
        => path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
