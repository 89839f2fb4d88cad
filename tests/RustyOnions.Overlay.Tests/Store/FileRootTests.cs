using RustyOnions.Overlay.Store;

namespace RustyOnions.Overlay.Tests.Store;

public sealed class FileRootTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _root;
    private readonly string _outside;

    public FileRootTests()
    {
        _root = Path.Combine(_dir.Path, "root");
        _outside = Path.Combine(_dir.Path, "outside");
        Directory.CreateDirectory(Path.Combine(_root, "tiles", "3"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "tiles", "3", "5.png"), "tile");
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Resolves_a_plain_relative_path_inside_the_root()
    {
        var file = new FileRoot(_root).Resolve("tiles/3/5.png");

        Assert.True(file.Exists);
        Assert.Equal("tile", File.ReadAllText(file.FullName));
    }

    [Fact]
    public void Missing_file_resolves_but_does_not_exist()
    {
        Assert.False(new FileRoot(_root).Resolve("tiles/3/6.png").Exists);
    }

    [Theory]
    [InlineData("../outside/secret")]
    [InlineData("tiles/../../outside/secret")]
    [InlineData("tiles/..")]
    [InlineData("/etc/passwd")]
    [InlineData("tiles\\3\\5.png")]
    [InlineData("..\\outside\\secret")]
    [InlineData("tiles/3/5.png\0.txt")]
    [InlineData("")]
    [InlineData("tiles//3/5.png")]
    [InlineData("./tiles/3/5.png")]
    [InlineData("tiles/3/")]
    public void Traversal_attempts_are_rejected(string path)
    {
        Assert.Throws<PathRejectedException>(() => new FileRoot(_root).Resolve(path));
    }

    [Fact]
    public void Symlink_escaping_the_root_is_rejected()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), Path.Combine(_outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "outdir"), _outside);
        var root = new FileRoot(_root);

        Assert.Throws<PathRejectedException>(() => root.Resolve("escape"));
        Assert.Throws<PathRejectedException>(() => root.Resolve("outdir/secret"));
    }

    [Fact]
    public void Symlink_staying_inside_the_root_is_followed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "latest"), Path.Combine(_root, "tiles", "3"));

        var file = new FileRoot(_root).Resolve("latest/5.png");

        Assert.True(file.Exists);
        Assert.StartsWith(_root, file.FullName, StringComparison.Ordinal);
    }
}
