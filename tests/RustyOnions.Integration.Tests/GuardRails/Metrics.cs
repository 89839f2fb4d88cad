using System.Globalization;

namespace RustyOnions.Integration.Tests.GuardRails;

/// <summary>Reads the node's /metrics.</summary>
internal static class Metrics
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<string> ScrapeAsync(Uri admin) => await Http.GetStringAsync(new Uri(admin, "metrics")).ConfigureAwait(false);

    /// <summary>The value of one sample (e.g. <c>ron_errors_total{code="OVERLOAD"}</c>), 0 when absent.</summary>
    public static double Value(string text, string sample)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static async Task<double> ValueAsync(Uri admin, string sample) => Value(await ScrapeAsync(admin).ConfigureAwait(false), sample);

    public static async Task<(int Status, string Body)> ReadyzAsync(Uri admin)
    {
        using var r = await Http.GetAsync(new Uri(admin, "readyz")).ConfigureAwait(false);
        return ((int)r.StatusCode, await r.Content.ReadAsStringAsync().ConfigureAwait(false));
    }
}
