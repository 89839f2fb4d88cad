using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace RustyOnions.Integration.Tests.Ipfs;

/// <summary>
/// A running Kubo-compatible RPC API peer (testnet/ipfs/rpc.mjs: Helia's UnixFS/CAR libraries with an in-memory
/// blockstore) on 127.0.0.1. <paramref name="fault"/> ("corrupt-block", "truncate-car") makes it lie on purpose.
/// Disposing kills it.
/// </summary>
internal sealed class IpfsRpcPeer : IAsyncDisposable
{
    private readonly Process _process;

    private IpfsRpcPeer(Process process, Uri api)
    {
        _process = process;
        Api = api;
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Api { get; }

    public HttpClient Http { get; }

    public static async Task<IpfsRpcPeer> StartAsync(string? fault = null)
    {
        var psi = IpfsNpm.StartInfo([Path.Combine(IpfsNpm.Dir, "rpc.mjs"), "--port", "0"]);
        if (fault is not null)
        {
            psi.Environment["IPFS_RPC_FAULT"] = fault;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "RPC API server listening on ";
            if (e.Data?.StartsWith(marker, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(new Uri(e.Data[marker.Length..] + "/"));
            }
            else if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("rpc.mjs exited: " + string.Join('\n', errors)));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new IpfsRpcPeer(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Adds bytes like <c>ipfs add --cid-version=1</c> and returns the CID the peer computed.</summary>
    public async Task<string> AddAsync(byte[] data)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(data);
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"f\"" };
        form.Add(part);
        using var response = await Http.PostAsync("api/v0/add?cid-version=1", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("Hash").GetString()!;
    }

    public async Task<byte[]> PostBytesAsync(string path)
    {
        using var response = await Http.PostAsync(path, null);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode}");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
