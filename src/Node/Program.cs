using System.CommandLine;
using RustyOnions.Node.Cli;

var root = new RootCommand("ron — the RustyOnions node and client")
{
    GlobalOptions.Node,
    GlobalOptions.Json,
    NodeCommands.Build(),
    MailboxCommands.Build(),
    BenchCommand.Build(),
    PeersCommand.Build(),
    SimCommand.Build(),
    IpfsCommands.Build(),
    NameCommands.Build(),
    KeyCommands.Build(),
    UsageCommand.Build(),
    CapCommands.Build(),
};
foreach (var command in ErasureCommands.Build())
{
    root.Subcommands.Add(command);
}

foreach (var command in ClientCommands.Build())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
