namespace RustyOnions.Overlay.Store;

/// <summary>A relative path was refused because it could leave the configured root.</summary>
public sealed class PathRejectedException : ContentStoreException
{
    /// <summary>Creates the exception.</summary>
    public PathRejectedException(string path, string reason)
        : base($"path '{path}' rejected: {reason}")
    {
        Path = path;
    }

    /// <summary>The path as requested.</summary>
    public string Path { get; }
}
