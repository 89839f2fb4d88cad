using System.Text.Json;
using Microsoft.Data.Sqlite;
using RustyOnions.Proto.Content;

namespace RustyOnions.Bridges.S3.Storage;

/// <summary>
/// The gateway's own SQLite file (buckets, per-object S3 metadata and delete markers, multipart uploads).
/// Object bytes live in the overlay store and names in the index; this table only holds what S3 adds.
/// </summary>
public sealed class S3MetadataStore : IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=NORMAL;
        CREATE TABLE IF NOT EXISTS buckets(name TEXT PRIMARY KEY, tenant TEXT NOT NULL, created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS objects(name TEXT PRIMARY KEY, seq INTEGER NOT NULL, deleted INTEGER NOT NULL,
            etag TEXT NOT NULL, content_type TEXT NOT NULL, meta_json TEXT NOT NULL, b3 TEXT NOT NULL, size INTEGER NOT NULL,
            last_modified_ms INTEGER NOT NULL, part_sizes TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS uploads(upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL,
            content_type TEXT NOT NULL, meta_json TEXT NOT NULL, created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS parts(upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, b3 TEXT NOT NULL,
            size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, PRIMARY KEY(upload_id, part_number));
        """;

    private readonly SqliteConnection _db;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private S3MetadataStore(SqliteConnection db) => _db = db;

    /// <summary>Opens (creating if needed) the metadata file at <paramref name="path"/>.</summary>
    public static async Task<S3MetadataStore> OpenAsync(string path, CancellationToken ct)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await db.OpenAsync(ct).ConfigureAwait(false);
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = Schema;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return new S3MetadataStore(db);
    }

    /// <summary>Creates a bucket marker; returns false if the bucket already exists (the existing row is kept).</summary>
    public Task<bool> CreateBucketAsync(S3BucketInfo bucket, CancellationToken ct) =>
        Run(async () => await Exec(
            "INSERT OR IGNORE INTO buckets(name, tenant, created_ms) VALUES($n, $t, $c)", ct,
            ("$n", bucket.Name), ("$t", bucket.Tenant), ("$c", bucket.Created.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1, ct);

    /// <summary>Removes a bucket marker.</summary>
    public Task<bool> DeleteBucketAsync(string name, CancellationToken ct) =>
        Run(async () => await Exec("DELETE FROM buckets WHERE name=$n", ct, ("$n", name)).ConfigureAwait(false) == 1, ct);

    /// <summary>Finds a bucket.</summary>
    public Task<S3BucketInfo?> GetBucketAsync(string name, CancellationToken ct) =>
        Run(async () => (await QueryBuckets("SELECT name, tenant, created_ms FROM buckets WHERE name=$n", ct, ("$n", name)).ConfigureAwait(false)).FirstOrDefault(), ct);

    /// <summary>All buckets, by name.</summary>
    public Task<List<S3BucketInfo>> ListBucketsAsync(CancellationToken ct) =>
        Run(() => QueryBuckets("SELECT name, tenant, created_ms FROM buckets ORDER BY name", ct), ct);

    /// <summary>Stores (replaces) the metadata of a name.</summary>
    public Task PutObjectAsync(S3ObjectMeta m, CancellationToken ct) =>
        Run(() => Exec(
            """
            INSERT OR REPLACE INTO objects(name, seq, deleted, etag, content_type, meta_json, b3, size, last_modified_ms, part_sizes)
            VALUES($n, $s, $d, $e, $ct, $m, $b, $z, $lm, $ps)
            """, ct,
            ("$n", m.Name), ("$s", m.Seq), ("$d", m.Deleted ? 1 : 0), ("$e", m.ETag), ("$ct", m.ContentType),
            ("$m", JsonSerializer.Serialize(m.Metadata)), ("$b", m.Address.ToString()), ("$z", m.Size),
            ("$lm", m.LastModified.ToUnixTimeMilliseconds()), ("$ps", JsonSerializer.Serialize(m.PartSizes))), ct);

    /// <summary>Forgets the metadata of a name (after its tombstone is published); true when a row was removed.</summary>
    public Task<bool> DeleteObjectAsync(string name, CancellationToken ct) =>
        Run(async () => await Exec("DELETE FROM objects WHERE name=$n", ct, ("$n", name)).ConfigureAwait(false) == 1, ct);

    /// <summary>Metadata of a name, or null.</summary>
    public Task<S3ObjectMeta?> GetObjectAsync(string name, CancellationToken ct) =>
        Run(async () =>
        {
            await using var cmd = Command("SELECT name, seq, deleted, etag, content_type, meta_json, b3, size, last_modified_ms, part_sizes FROM objects WHERE name=$n", ("$n", name));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await r.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            return new S3ObjectMeta(
                r.GetString(0), r.GetInt64(1), r.GetInt64(2) != 0, r.GetString(3), r.GetString(4),
                JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5)) ?? [],
                ContentId.Parse(r.GetString(6)), r.GetInt64(7), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
                JsonSerializer.Deserialize<List<long>>(r.GetString(9)) ?? []);
        }, ct);

    /// <summary>Records a new multipart upload.</summary>
    public Task CreateUploadAsync(S3Upload u, CancellationToken ct) =>
        Run(() => Exec(
            "INSERT INTO uploads(upload_id, bucket, key, content_type, meta_json, created_ms) VALUES($u, $b, $k, $c, $m, $t)", ct,
            ("$u", u.UploadId), ("$b", u.Bucket), ("$k", u.Key), ("$c", u.ContentType), ("$m", JsonSerializer.Serialize(u.Metadata)),
            ("$t", u.Created.ToUnixTimeMilliseconds())), ct);

    /// <summary>An open upload, or null.</summary>
    public Task<S3Upload?> GetUploadAsync(string uploadId, CancellationToken ct) =>
        Run(async () =>
        {
            await using var cmd = Command("SELECT upload_id, bucket, key, content_type, meta_json, created_ms FROM uploads WHERE upload_id=$u", ("$u", uploadId));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await r.ReadAsync(ct).ConfigureAwait(false)
                ? new S3Upload(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4)) ?? [], DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)))
                : null;
        }, ct);

    /// <summary>Stores (replaces) one part.</summary>
    public Task PutPartAsync(string uploadId, S3UploadPart p, CancellationToken ct) =>
        Run(() => Exec(
            "INSERT OR REPLACE INTO parts(upload_id, part_number, b3, size, etag, modified_ms) VALUES($u, $p, $b, $s, $e, $m)", ct,
            ("$u", uploadId), ("$p", p.PartNumber), ("$b", p.Address.ToString()), ("$s", p.Size), ("$e", p.ETag), ("$m", p.LastModified.ToUnixTimeMilliseconds())), ct);

    /// <summary>The parts of an upload in part-number order.</summary>
    public Task<List<S3UploadPart>> ListPartsAsync(string uploadId, CancellationToken ct) =>
        Run(async () =>
        {
            var list = new List<S3UploadPart>();
            await using var cmd = Command("SELECT part_number, b3, size, etag, modified_ms FROM parts WHERE upload_id=$u ORDER BY part_number", ("$u", uploadId));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                list.Add(new S3UploadPart(r.GetInt32(0), ContentId.Parse(r.GetString(1)), r.GetInt64(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))));
            }

            return list;
        }, ct);

    /// <summary>Forgets an upload and its parts.</summary>
    public Task<bool> DeleteUploadAsync(string uploadId, CancellationToken ct) =>
        Run(async () =>
        {
            await Exec("DELETE FROM parts WHERE upload_id=$u", ct, ("$u", uploadId)).ConfigureAwait(false);
            return await Exec("DELETE FROM uploads WHERE upload_id=$u", ct, ("$u", uploadId)).ConfigureAwait(false) == 1;
        }, ct);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }

    private async Task<T> Run<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task Run(Func<Task<int>> work, CancellationToken ct) => await Run<int>(work, ct).ConfigureAwait(false);

    private SqliteCommand Command(string sql, params (string Name, object Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            cmd.Parameters.AddWithValue(n, v);
        }

        return cmd;
    }

    private async Task<int> Exec(string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = Command(sql, args);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<List<S3BucketInfo>> QueryBuckets(string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        var list = new List<S3BucketInfo>();
        await using var cmd = Command(sql, args);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new S3BucketInfo(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));
        }

        return list;
    }
}
