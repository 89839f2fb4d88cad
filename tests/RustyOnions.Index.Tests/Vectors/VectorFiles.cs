using System.Text.Json;

namespace RustyOnions.Index.Tests.Vectors;

/// <summary>Reads specs/vectors/index/*.json.</summary>
internal static class VectorFiles
{
    public static JsonElement Load(string file)
    {
        var path = Path.Combine(RepoPaths.IndexVectors, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"test vector {path} is missing; regenerate with RON_REGEN_VECTORS=1 dotnet test tests/RustyOnions.Index.Tests", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>Every (file, case index) pair of the publish-case files, for theories.</summary>
    public static TheoryData<string, int> PublishCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "valid-record.json", "forged-signature.json", "stale-seq.json", "wrong-namespace.json", "conflict.json", "tombstone.json" })
        {
            var count = Load(file).GetProperty("cases").GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }
}
