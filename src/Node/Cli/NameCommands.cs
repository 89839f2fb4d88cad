using System.CommandLine;
using RustyOnions.Index.Records;
using RustyOnions.Proto.Content;
using RustyOnions.Sdk;

namespace RustyOnions.Node.Cli;

/// <summary>`ron name publish|resolve|ls|history`: signed names over the index (0x0401).</summary>
internal static class NameCommands
{
    public static Command Build()
    {
        return new Command("name", "human names for content addresses, signed by your publisher key") { Publish(), Resolve(), List(), History() };
    }

    /// <summary>A full name, or a path taken inside the default key's namespace when its first segment is not a namespace.</summary>
    public static async Task<string> FullNameAsync(string name, string keyName, CancellationToken ct)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IndexNamespace.IsWellFormed(name.AsSpan(0, slash)))
        {
            return name;
        }

        return (await KeyCommands.LoadAsync(keyName, ct).ConfigureAwait(false)).NameFor(name);
    }

    /// <summary>For `ron get NAME`: the address a name resolves to, or a 404 error.</summary>
    public static async Task<ContentId> ResolveAddressAsync(RonClient client, string name, CancellationToken ct)
    {
        var full = await FullNameAsync(name, KeyCommands.DefaultKey, ct).ConfigureAwait(false);
        var record = await client.ResolveAsync(full, ct: ct).ConfigureAwait(false)
            ?? throw new Sdk.Errors.RonException(404, "NOT_FOUND", $"no record for '{full}'", 0, false, null);
        return record.Address;
    }

    private static Command Publish()
    {
        var name = new Argument<string>("name") { Description = "path inside your namespace, e.g. docs/report.pdf" };
        var target = new Argument<string>("target") { Description = "b3:<hex> address, or a file to put first" };
        var seq = new Option<long?>("--seq") { Description = "sequence number (default: one above the current record's)" };
        var media = new Option<string>("--media-type") { Description = "media type", DefaultValueFactory = _ => "application/octet-stream" };
        var publish = new Command("publish", "sign and publish NAME -> ADDR (or FILE, stored first)") { name, target, KeyCommands.KeyOption, seq, media };
        publish.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var key = await KeyCommands.LoadAsync(parse.GetValue(KeyCommands.KeyOption)!, ct).ConfigureAwait(false);
            var path = parse.GetValue(name)!.TrimStart('/');
            var (addr, size) = await TargetAsync(client, parse.GetValue(target)!, ct).ConfigureAwait(false);
            var next = parse.GetValue(seq) ?? ((await client.ResolveAsync(key.NameFor(path), ct: ct).ConfigureAwait(false))?.Seq ?? 0) + 1;
            var record = NameRecord.Sign(key, path, addr, size, parse.GetValue(media)!, next, DateTimeOffset.UtcNow);
            var outcome = await client.PublishAsync(record, ct).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["name"] = record.Name, ["addr"] = addr.ToString(), ["size"] = size, ["seq"] = next, ["outcome"] = outcome.Outcome, ["replicated"] = outcome.Replicated });
            }
            else
            {
                Console.WriteLine($"{record.Name} -> {addr} (seq {next})");
            }

            return 0;
        }));
        return publish;
    }

    private static async Task<(ContentId Addr, long Size)> TargetAsync(RonClient client, string target, CancellationToken ct)
    {
        if (target.StartsWith("b3:", StringComparison.Ordinal))
        {
            var id = ContentId.Parse(target);
            var stat = await client.StatAsync(id, ct).ConfigureAwait(false);
            return (id, stat.Size ?? 0);
        }

        var info = new FileInfo(target);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{target}' is neither a b3: address nor an existing file");
        }

        await using var source = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var put = await client.PutAsync(source, null, null, ct).ConfigureAwait(false);
        return (put.Addr, put.Size);
    }

    private static Command Resolve()
    {
        var name = new Argument<string>("name") { Description = "ns/path (or a path in your default key's namespace)" };
        var resolve = new Command("resolve", "print the content address a name points to") { name, KeyCommands.KeyOption };
        resolve.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var full = await FullNameAsync(parse.GetValue(name)!, parse.GetValue(KeyCommands.KeyOption)!, ct).ConfigureAwait(false);
            var record = await client.ResolveAsync(full, ct: ct).ConfigureAwait(false)
                ?? throw new Sdk.Errors.RonException(404, "NOT_FOUND", $"no record for '{full}'", 0, false, null);
            Print(json, record);
            return 0;
        }));
        return resolve;
    }

    private static Command List()
    {
        var prefix = new Argument<string>("prefix") { Description = "name prefix, e.g. <ns>/docs/" };
        var delimiter = new Option<string?>("--delimiter", "-d") { Description = "roll names up at this delimiter (e.g. /)" };
        var list = new Command("ls", "list names under a prefix, in name order") { prefix, delimiter, KeyCommands.KeyOption };
        list.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var p = parse.GetValue(prefix)!;
            var full = p.Length == 0 || p.Contains('/', StringComparison.Ordinal) ? await FullNameAsync(p, parse.GetValue(KeyCommands.KeyOption)!, ct).ConfigureAwait(false) : p;
            string? after = null;
            do
            {
                var page = await client.ListAsync(full, after, parse.GetValue(delimiter), 1000, ct).ConfigureAwait(false);
                foreach (var cp in page.CommonPrefixes)
                {
                    if (json)
                    {
                        CliOutput.Json(new Dictionary<string, object> { ["prefix"] = cp });
                    }
                    else
                    {
                        Console.WriteLine(cp);
                    }
                }

                foreach (var r in page.Records)
                {
                    Print(json, r);
                }

                after = page.IsTruncated ? page.NextStartAfter : null;
            }
            while (after is not null);
            return 0;
        }));
        return list;
    }

    private static Command History()
    {
        var name = new Argument<string>("name") { Description = "ns/path" };
        var history = new Command("history", "the accepted records of a name, newest first") { name, KeyCommands.KeyOption };
        history.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var full = await FullNameAsync(parse.GetValue(name)!, parse.GetValue(KeyCommands.KeyOption)!, ct).ConfigureAwait(false);
            foreach (var r in await client.HistoryAsync(full, ct: ct).ConfigureAwait(false))
            {
                Print(json, r);
            }

            return 0;
        }));
        return history;
    }

    private static void Print(bool json, NameRecord r)
    {
        if (json)
        {
            Console.Out.WriteLine(r.ToJson());
        }
        else
        {
            Console.WriteLine($"{r.Name}\t{r.Address}\tseq {r.Seq}\t{r.Size} bytes\t{r.MediaType}");
        }
    }
}
