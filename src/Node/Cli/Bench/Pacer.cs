using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RustyOnions.Node.Cli.Bench;

/// <summary>
/// Sleeps until a Stopwatch timestamp with sub-millisecond precision: usleep on Linux (wakes within
/// the kernel's ~50 µs timer slack), Thread.Sleep(1) elsewhere. Spinning would take a whole core
/// from the node under test on a small machine.
/// </summary>
internal static partial class Pacer
{
    public static void WaitUntil(long due)
    {
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var micros = remaining * 1_000_000 / Stopwatch.Frequency;
            if (OperatingSystem.IsLinux())
            {
                _ = USleep((uint)Math.Min(micros, 100_000));
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int USleep(uint micros);
}
