using System.Text.Json;

namespace RustyOnions.Bridges.Tests.S3;

/// <summary>Reads specs/vectors/s3/*.json from the repository root.</summary>
internal static class Vectors
{
    public static JsonElement Load(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "specs", "vectors", "s3", file))).RootElement.Clone();
    }
}
