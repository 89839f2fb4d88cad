using System.CommandLine;
using RustyOnions.Index.Records;

namespace RustyOnions.Node.Cli;

/// <summary>`ron key new [NAME]` and `ron key list`: publisher keys, one 0600 file per key in $RON_KEYS_DIR or ~/.config/rustyonions/keys.</summary>
internal static class KeyCommands
{
    public const string DefaultKey = "default";
    private const string Extension = ".key";

    public static readonly Option<string> KeyOption = new("--key", "-k") { Description = "publisher key name (see `ron key list`)", DefaultValueFactory = _ => DefaultKey };

    public static string KeysDir()
    {
        if (Environment.GetEnvironmentVariable("RON_KEYS_DIR") is { Length: > 0 } dir)
        {
            return dir;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var baseDir = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg;
        return Path.Combine(baseDir, "rustyonions", "keys");
    }

    public static string KeyPath(string name)
    {
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
        {
            throw new ArgumentException($"key name '{name}' must be 1-64 characters of letters, digits, '-', '_' or '.', not starting with '.'");
        }

        return Path.Combine(KeysDir(), name + Extension);
    }

    public static async Task<PublisherKey> LoadAsync(string name, CancellationToken ct)
    {
        var path = KeyPath(name);
        return File.Exists(path)
            ? await PublisherKey.LoadAsync(path, ct).ConfigureAwait(false)
            : throw new ArgumentException($"no publisher key '{name}' in {KeysDir()}; create one with: ron key new {name}");
    }

    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "key name", DefaultValueFactory = _ => DefaultKey };
        var create = new Command("new", "create a publisher key (its namespace is printed)") { name };
        create.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            try
            {
                var keyName = parse.GetValue(name)!;
                var path = KeyPath(keyName);
                Directory.CreateDirectory(KeysDir());
                if (File.Exists(path))
                {
                    throw new IOException($"key '{keyName}' already exists at {path}; replacing it would lose its namespace");
                }

                var key = PublisherKey.Generate();
                await key.SaveAsync(path, ct).ConfigureAwait(false);
                Print(json, keyName, key, path);
                return 0;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                return CliOutput.Error(e, json);
            }
        });

        var list = new Command("list", "list publisher keys and their namespaces");
        list.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            var dir = KeysDir();
            var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*" + Extension).Order(StringComparer.Ordinal).ToArray() : [];
            foreach (var f in files)
            {
                var keyName = Path.GetFileNameWithoutExtension(f);
                try
                {
                    Print(json, keyName, await PublisherKey.LoadAsync(f, ct).ConfigureAwait(false), f);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"ron: warning: {f}: {e.Message}");
                }
            }

            return 0;
        });

        return new Command("key", "publisher keys for `ron name publish`") { create, list };
    }

    private static void Print(bool json, string name, PublisherKey key, string path)
    {
        if (json)
        {
            CliOutput.Json(new Dictionary<string, object> { ["name"] = name, ["namespace"] = key.Namespace, ["path"] = path });
        }
        else
        {
            Console.WriteLine($"{name}\t{key.Namespace}");
        }
    }
}
