namespace RustyOnions.Testing.Node;

/// <summary>Finds the built `ron` executable (ron.dll) to run as a real process.</summary>
public static class RonBinary
{
    private static readonly Lazy<string> Path = new(Find);

    /// <summary>Full path of ron.dll.</summary>
    public static string DllPath => Path.Value;

    private static string Find()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "ron.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        throw new FileNotFoundException($"ron.dll not found beside the tests in {AppContext.BaseDirectory}: reference src/Node from the test project");
    }
}
