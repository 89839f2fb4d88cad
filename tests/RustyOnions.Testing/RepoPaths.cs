namespace RustyOnions.Testing;

/// <summary>Locates files of the repository from a test's working directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The directory holding RustyOnions.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RustyOnions.sln not found above {AppContext.BaseDirectory}");
    }
}
