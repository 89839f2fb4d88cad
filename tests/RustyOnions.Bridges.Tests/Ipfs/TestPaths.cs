namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Locates the repository (the directory holding RustyOnions.sln) and its IPFS vectors.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Vectors(string file) => Path.Combine(RepoRoot, "specs", "vectors", "ipfs", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"RustyOnions.sln not found above {AppContext.BaseDirectory}");
    }
}
