namespace RustyOnions.Index.Tests;

/// <summary>Finds the repository root (the directory holding RustyOnions.sln) from the test's output directory.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no RustyOnions.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string IndexVectors => Path.Combine(Root, "specs", "vectors", "index");
}
