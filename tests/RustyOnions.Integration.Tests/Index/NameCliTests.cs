using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.Index;

/// <summary>`ron key`, `ron name` and `ron get NAME` against a real node.</summary>
[Trait("Category", "Slow")]
public sealed class NameCliTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("ron-name-cli");
    private NodeProcess? _node;

    private Dictionary<string, string> Env => new()
    {
        ["RON_NODE_URL"] = _node!.Address.ToString(),
        ["RON_KEYS_DIR"] = _dir.Combine("keys"),
    };

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync(_dir.Combine("data"));

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Key_new_then_name_publish_file_resolve_ls_history_and_get_by_name()
    {
        var created = await Ron("key", "new");
        var ns = created.Stdout.Trim().Split('\t')[1];
        var file = _dir.Combine("hello.txt");
        await File.WriteAllTextAsync(file, "hello, names");

        var v1 = await Ron("name", "publish", "greetings/hello.txt", file);
        var addr = (await Ron("put", file)).Stdout.Trim();
        await File.WriteAllTextAsync(file, "hello again");
        var v2 = await Ron("name", "publish", "greetings/hello.txt", file, "--media-type", "text/plain");
        var resolved = await Ron("name", "resolve", $"{ns}/greetings/hello.txt");
        var listed = await Ron("name", "ls", $"{ns}/greetings/");
        var history = await Ron("name", "history", $"{ns}/greetings/hello.txt");
        var got = await Ron("get", $"{ns}/greetings/hello.txt");
        var missing = await RonCli.RunAsync(["name", "resolve", $"{ns}/nope"], Env);

        Assert.Equal($"{ns}/greetings/hello.txt -> {addr} (seq 1)", v1.Stdout.Trim());
        Assert.EndsWith("(seq 2)", v2.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Contains("seq 2", resolved.Stdout, StringComparison.Ordinal);
        Assert.Contains("text/plain", resolved.Stdout, StringComparison.Ordinal);
        Assert.Single(listed.Stdout.Trim().Split('\n'));
        Assert.Equal(2, history.Stdout.Trim().Split('\n').Length);
        Assert.Equal("hello again", got.Stdout);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("NOT_FOUND", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains(ns, (await Ron("key", "list")).Stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            var keyFile = Directory.GetFiles(_dir.Combine("keys")).Single();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    private async Task<RonCli.Result> Ron(params string[] args)
    {
        var r = await RonCli.RunAsync(args, Env);
        Assert.True(r.ExitCode == 0, $"ron {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }
}
