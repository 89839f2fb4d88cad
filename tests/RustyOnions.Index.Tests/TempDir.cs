namespace RustyOnions.Index.Tests;

/// <summary>A temporary directory deleted on dispose (also when the test fails).</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(PathName);

    public string PathName { get; } = Path.Combine(Path.GetTempPath(), "ron-index-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(PathName, name);

    public void Dispose()
    {
        if (Directory.Exists(PathName))
        {
            Directory.Delete(PathName, recursive: true);
        }
    }
}
