using Microsoft.Win32.SafeHandles;

namespace RustyOnions.Overlay.Store;

internal sealed class FileBlockSource(SafeFileHandle handle) : BlockSource
{
    public override async ValueTask<int> ReadAsync(long offset, Memory<byte> dest, CancellationToken ct)
    {
        var total = 0;
        while (total < dest.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, dest[total..], offset + total, ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public override void Dispose() => handle.Dispose();
}
