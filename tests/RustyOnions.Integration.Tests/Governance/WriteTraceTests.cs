using RustyOnions.Testing;

namespace RustyOnions.Integration.Tests.Governance;

/// <summary>The strace reader the amnesia proof relies on flags exactly the writing calls.</summary>
public sealed class WriteTraceTests
{
    [Fact]
    public void Writing_calls_outside_the_allowed_prefixes_are_flagged_including_split_ones()
    {
        using var dir = new TempDir("ron-trace");
        var file = dir.Combine("trace.txt");
        File.WriteAllLines(file,
        [
            """100 openat(AT_FDCWD, "/usr/share/dotnet/x.so", O_RDONLY|O_CLOEXEC) = 3""",
            """100 openat(AT_FDCWD, "/home/u/read.txt", O_RDONLY|O_CLOEXEC) = 4""",
            """100 openat(AT_FDCWD, "/proc/self/maps", O_RDWR) = 5""",
            """100 openat(AT_FDCWD, "/home/u/missing.db", O_RDWR|O_CREAT, 0644) = -1 EACCES (Permission denied)""",
            """101 mkdir("/home/u/data", 0777) = -1 EEXIST (File exists)""",
            """100 openat(AT_FDCWD, "/home/u/a.db", O_RDWR|O_CREAT|O_CLOEXEC, 0644 <unfinished ...>""",
            """101 mkdir("/tmp/x/new", 0777) = 0""",
            """100 <... openat resumed>) = 7""",
            """102 rename("/tmp/x/a.tmp", "/tmp/x/a") = 0""",
            """103 openat(AT_FDCWD, "/usr/share/dotnet/lock", O_WRONLY|O_CREAT, 0600) = 9""",
            """104 openat(AT_FDCWD, "relative.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666 <unfinished ...>""",
        ]);

        var bad = WriteTrace.Offending(file, ["/proc/", "/sys/", "/dev/", "/usr/share/dotnet"]);

        Assert.Equal(4, bad.Count);
        Assert.Contains(bad, l => l.Contains("/home/u/a.db", StringComparison.Ordinal) && l.EndsWith("= 7", StringComparison.Ordinal));
        Assert.Contains(bad, l => l.StartsWith("mkdir(\"/tmp/x/new\"", StringComparison.Ordinal));
        Assert.Contains(bad, l => l.StartsWith("rename(", StringComparison.Ordinal));
        Assert.Contains(bad, l => l.Contains("relative.txt", StringComparison.Ordinal));
    }
}
