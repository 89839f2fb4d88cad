using System.CommandLine;
using RustyOnions.Proto.Content;
using Spectre.Console;

namespace RustyOnions.Node.Cli;

/// <summary>`ron put FILE` and `ron get ADDR [-o FILE]`, with a progress bar above 8 MiB.</summary>
internal static class TransferCommands
{
    private const long ProgressThreshold = 8L << 20;

    public static Command Put()
    {
        var file = new Argument<FileInfo>("file") { Description = "file to store" };
        var put = new Command("put", "store a file; prints its b3 address") { file };
        put.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var info = parse.GetValue(file)!;
            if (!info.Exists)
            {
                throw new FileNotFoundException($"no such file: {info.FullName}");
            }

            await using var source = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            var result = await WithProgressAsync(json, info.Length, "put " + info.Name, progress => client.PutAsync(source, null, progress, ct)).ConfigureAwait(false);
            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["addr"] = result.Addr.ToString(), ["size"] = result.Size });
            }
            else
            {
                Console.WriteLine(result.Addr);
            }

            return 0;
        }));
        return put;
    }

    public static Command Get()
    {
        var addr = new Argument<string>("addr") { Description = "b3:<hex>, or a name (ns/path) to resolve first" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "write to this file (default: stdout)" };
        var get = new Command("get", "fetch an object, verified against its address") { addr, output };
        get.SetAction((parse, ct) => GlobalOptions.RunAsync(parse, ct, async (client, json) =>
        {
            var arg = parse.GetValue(addr)!;
            var id = arg.StartsWith("b3:", StringComparison.Ordinal) ? ContentId.Parse(arg) : await NameCommands.ResolveAddressAsync(client, arg, ct).ConfigureAwait(false);
            var target = parse.GetValue(output);
            if (target is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await client.GetAsync(id, stdout, ct: ct).ConfigureAwait(false);
                return 0;
            }

            // Write to a temporary beside the target and rename only after verification succeeded.
            var temp = target.FullName + ".ron-partial";
            long size;
            try
            {
                var stat = await client.StatAsync(id, ct).ConfigureAwait(false);
                await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    size = await WithProgressAsync(json, stat.Size ?? 0, "get " + target.Name, progress => client.GetAsync(id, file, progress: progress, ct: ct)).ConfigureAwait(false);
                }

                File.Move(temp, target.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            if (json)
            {
                CliOutput.Json(new Dictionary<string, object> { ["addr"] = id.ToString(), ["size"] = size, ["path"] = target.FullName });
            }

            return 0;
        }));
        return get;
    }

    private static async Task<T> WithProgressAsync<T>(bool json, long total, string label, Func<IProgress<long>?, Task<T>> work)
    {
        if (json || total < ProgressThreshold || Console.IsErrorRedirected)
        {
            return await work(null).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: total);
                result = await work(new Progress<long>(done => task.Value = done)).ConfigureAwait(false);
                task.Value = total;
            }).ConfigureAwait(false);
        return result;
    }
}
