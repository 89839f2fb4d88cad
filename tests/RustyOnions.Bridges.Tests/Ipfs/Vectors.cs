using System.Text.Json;

namespace RustyOnions.Bridges.Tests.Ipfs;

/// <summary>Loads specs/vectors/ipfs/*.json.</summary>
internal static class Vectors
{
    public static JsonElement Load(string file) => JsonDocument.Parse(System.IO.File.ReadAllText(TestPaths.Vectors(file))).RootElement;

    public static IEnumerable<JsonElement> Files() => Load("unixfs-files.json").GetProperty("files").EnumerateArray();

    public static JsonElement File(string name) => Files().Single(f => f.GetProperty("name").GetString() == name);
}
