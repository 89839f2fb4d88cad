using System.Runtime.InteropServices;

namespace RustyOnions.Overlay.Store;

/// <summary>
/// fsync of a directory, which .NET does not expose: a rename is durable only once the directory
/// holding the new name is synced.
/// </summary>
internal static class DirectorySync
{
    public static void Fsync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; there is no directory handle to flush.
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (FsyncFd(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FsyncFd(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
