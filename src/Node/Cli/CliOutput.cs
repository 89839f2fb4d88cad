using System.Text.Json;
using RustyOnions.Sdk.Errors;

namespace RustyOnions.Node.Cli;

/// <summary>How `ron` reports results and errors: one line of text, or one JSON document with --json.</summary>
internal static class CliOutput
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static void Json(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Compact));

    /// <summary>Prints an error on one line (stderr) or as JSON (stdout) and returns the exit code.</summary>
    public static int Error(Exception e, bool json)
    {
        var (code, status, corr, message) = e switch
        {
            RonException r => (r.Code, (int)r.Status, r.CorrId, r.Message),
            ArgumentException or FormatException => ("BAD_ARGUMENT", 0, 0UL, e.Message),
            IOException => ("IO", 0, 0UL, e.Message),
            _ => ("INTERNAL", 0, 0UL, e.Message),
        };
        if (json)
        {
            Json(new Dictionary<string, object?>
            {
                ["error"] = new Dictionary<string, object?> { ["code"] = code, ["status"] = status, ["message"] = message, ["corr_id"] = corr.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
        else
        {
            var where = corr != 0 ? $" [corr_id {corr}]" : string.Empty;
            var st = status != 0 ? $" ({status})" : string.Empty;
            Console.Error.WriteLine($"ron: error: {code}{st}: {message.ReplaceLineEndings(" ")}{where}");
        }

        return e is RonException { Status: 404 } ? 3 : 1;
    }
}
