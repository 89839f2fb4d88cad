using RustyOnions.Index.Records;

namespace RustyOnions.Index.Tests.Records;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the point of these tests
public sealed class PublisherKeyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Save_writes_an_owner_only_file_that_loads_to_the_same_key()
    {
        var key = PublisherKey.Generate();
        var path = _dir.File("publisher.key");

        await key.SaveAsync(path);
        var loaded = await PublisherKey.LoadAsync(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(key.PublicKey.SequenceEqual(loaded.PublicKey));
        Assert.Equal(key.Namespace, loaded.Namespace);
        var record = TestData.Record(loaded, "signed/by/loaded", 1);
        Assert.StartsWith(key.Namespace + "/", record.Name, StringComparison.Ordinal);
        record.Verify();
    }

    [Fact]
    public async Task Save_never_overwrites_an_existing_key()
    {
        var path = _dir.File("publisher.key");
        var first = PublisherKey.Generate();
        await first.SaveAsync(path);

        await Assert.ThrowsAsync<IOException>(() => PublisherKey.Generate().SaveAsync(path));
        var reloaded = await PublisherKey.LoadAsync(path);
        Assert.True(first.PublicKey.SequenceEqual(reloaded.PublicKey));
    }

    [Fact]
    public async Task Load_refuses_a_file_readable_by_others()
    {
        var path = _dir.File("loose.key");
        await PublisherKey.Generate().SaveAsync(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => PublisherKey.LoadAsync(path));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_refuses_a_corrupt_file()
    {
        var path = _dir.File("corrupt.key");
        await File.WriteAllTextAsync(path, "ron-index-key-v1:zz");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        await Assert.ThrowsAsync<InvalidDataException>(() => PublisherKey.LoadAsync(path));
    }

    [Fact]
    public async Task LoadOrCreate_creates_once_then_loads_the_same_key()
    {
        var path = _dir.File("sub-less.key");
        var created = await PublisherKey.LoadOrCreateAsync(path);
        var again = await PublisherKey.LoadOrCreateAsync(path);
        Assert.Equal(created.Namespace, again.Namespace);
    }

    [Fact]
    public void Seed_gives_the_rfc8032_public_key()
    {
        Assert.Equal(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            Convert.ToHexStringLower(PublisherKey.FromSeed(TestData.SeedA).PublicKey));
        Assert.Throws<ArgumentException>(() => PublisherKey.FromSeed(new byte[31]));
    }
}
