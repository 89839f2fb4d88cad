using System.Globalization;

namespace RustyOnions.Integration.Tests.Tor;

/// <summary>
/// The established TCP connections of one process, read from /proc (no extra tool): its socket inodes
/// from /proc/PID/fd, their endpoints from /proc/PID/net/tcp and tcp6.
/// </summary>
internal static class ProcessSockets
{
    /// <summary>(local port, remote port) of each established TCP connection of <paramref name="pid"/>.</summary>
    public static List<(int Local, int Remote)> Established(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we listed them.
            }
        }

        var result = new List<(int, int)>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "01" && inodes.Contains(f[9]))
                {
                    result.Add((Port(f[1]), Port(f[2])));
                }
            }
        }

        return result;
    }

    private static int Port(string hexEndPoint) => int.Parse(hexEndPoint.AsSpan(hexEndPoint.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
