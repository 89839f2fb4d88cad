namespace RustyOnions.Bridges.S3;

/// <summary>An S3 access key id and secret, mapped to a tenant that owns the buckets it creates.</summary>
/// <param name="AccessKeyId">The public key id clients send in the Credential scope.</param>
/// <param name="Secret">The secret used to derive SigV4 signing keys.</param>
/// <param name="Tenant">The tenant name the key acts as.</param>
public sealed record S3AccessKey(string AccessKeyId, string Secret, string Tenant)
{
    /// <summary>Parses <c>AKID:SECRET:tenant,AKID2:SECRET2:tenant2</c> (the RON_S3_ACCESS_KEYS form).</summary>
    /// <exception cref="FormatException">An entry does not have three non-empty fields.</exception>
    public static IReadOnlyList<S3AccessKey> ParseList(string? text)
    {
        var keys = new List<S3AccessKey>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return keys;
        }

        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
            {
                throw new FormatException($"s3 access key entry '{Redact(entry)}' must be AKID:SECRET:tenant");
            }

            keys.Add(new S3AccessKey(parts[0], parts[1], parts[2]));
        }

        return keys;
    }

    /// <summary>Never print secrets.</summary>
    public override string ToString() => $"{AccessKeyId} (tenant {Tenant})";

    private static string Redact(string entry) => entry.Split(':')[0] + ":***";
}
