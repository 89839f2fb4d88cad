using System.Text.Json;

namespace RustyOnions.Overlay.Tests.Overlay;

/// <summary>Reads specs/vectors/overlay/*.json from the repository root.</summary>
internal static class OverlayVectors
{
    public static JsonElement Load(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RustyOnions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, "repository root (directory with RustyOnions.sln) not found above the test binaries");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "specs", "vectors", "overlay", name)));
        return doc.RootElement.Clone();
    }
}
