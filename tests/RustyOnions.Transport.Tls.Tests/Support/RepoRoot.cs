namespace RustyOnions.Transport.Tls.Tests.Support;

internal static class RepoRoot
{
    /// <summary>The directory containing RustyOnions.sln, found by walking up from the test binaries.</summary>
    internal static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "RustyOnions.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no RustyOnions.sln above {AppContext.BaseDirectory}");
        }
    }
}
