namespace RustyOnions.Transport.Tor.Tests.Support;

/// <summary>Finds the repository root (the directory holding RustyOnions.sln).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Vector(string name) => System.IO.Path.Combine(Path, "specs", "vectors", "tor", name);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RustyOnions.sln not found above " + AppContext.BaseDirectory);
    }
}
