using RustyOnions.Node.Mailbox;

namespace RustyOnions.Node.Tests.Mailbox;

public sealed class MemoryMailboxStoreTests : MailboxStoreContractTests
{
    protected override IMailboxStore Create() => new MemoryMailboxStore(Opts, Time);
}
