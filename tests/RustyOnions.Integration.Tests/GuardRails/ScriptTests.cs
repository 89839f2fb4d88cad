using System.Diagnostics;
using System.Text.Json;
using RustyOnions.Testing;
using RustyOnions.Testing.Node;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>Short runs of the scripts/guard demos and soaks: exit 0 and a JSON summary with ok=true.</summary>
[Trait("Category", "Slow")]
public sealed class ScriptTests
{
    [Theory]
    [InlineData("mailbox-demo", "COUNT=3")]
    [InlineData("tile-demo", "COUNT=2")]
    [InlineData("quota-demo", "DURATION=2")]
    [InlineData("soak-mailbox", "DURATION=2")]
    [InlineData("soak-tiles", "DURATION=2")]
    public async Task Script_exits_zero_with_an_ok_json_summary(string script, string setting)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.Combine("scripts", "guard", script));
        start.Environment["RON_DLL"] = RonBinary.DllPath;
        var (k, v) = (setting.Split('=')[0], setting.Split('=')[1]);
        start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        Assert.True(p.ExitCode == 0, $"{script} exited {p.ExitCode}\n{output}\n{await stderr}");
        var summary = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        using var doc = JsonDocument.Parse(summary);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean(), summary);
    }
}
