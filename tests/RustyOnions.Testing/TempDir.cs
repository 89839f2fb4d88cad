namespace RustyOnions.Testing;

/// <summary>A temporary directory deleted on dispose, also when the test failed.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates a fresh directory under the system temp dir.</summary>
    public TempDir(string prefix = "ron-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A process we started may still be closing files; one retry is enough in practice.
            Thread.Yield();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
