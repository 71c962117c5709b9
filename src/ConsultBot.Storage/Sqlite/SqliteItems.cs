using ConsultBot.Protocol.State;
using Microsoft.Data.Sqlite;

namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// The operations on the items table, each on one session in whatever transaction it needs. Times are Unix
/// milliseconds (<c>ExpiresAt</c> is kept to the millisecond). A failed ETag condition throws <see cref="EtagException"/>.
/// </summary>
internal static class SqliteItems
{
    public static Dictionary<string, StoreItem> Read(SqliteSession session, IReadOnlyCollection<string> keys, long now)
    {
        var result = new Dictionary<string, StoreItem>(keys.Count, StringComparer.Ordinal);
        var command = session.Command(SqliteSql.Read);
        var snapshot = keys.Count > 1;
        if (snapshot)
        {
            // One read transaction so that several keys come from one consistent snapshot.
            session.Command(SqliteSql.Begin).ExecuteNonQuery();
        }

        try
        {
            foreach (var key in keys)
            {
                command.Parameters[0].Value = key;
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    long? expiresAt = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                    if (expiresAt is null || expiresAt > now)
                    {
                        result[key] = new StoreItem(reader.GetString(0), reader.GetString(1), FromUnix(expiresAt));
                    }
                }
            }
        }
        finally
        {
            if (snapshot)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }
        }

        return result;
    }

    public static Dictionary<string, string> Write(SqliteSession session, IReadOnlyDictionary<string, StoreItem> changes, long now)
    {
        // A single statement is atomic on its own; several items need one IMMEDIATE transaction
        // (takes the write lock up front, so the conditions checked stay true until COMMIT).
        var transaction = changes.Count > 1;
        if (transaction)
        {
            session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        }

        var committed = false;
        try
        {
            var etags = WriteItems(session, changes, now);
            if (transaction)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }

            committed = true;
            return etags;
        }
        finally
        {
            if (transaction && !committed)
            {
                session.Command(SqliteSql.Rollback).ExecuteNonQuery();
            }
        }
    }

    /// <summary>The statements of one write, in whatever transaction the caller holds; a failed condition throws.</summary>
    public static Dictionary<string, string> WriteItems(SqliteSession session, IReadOnlyDictionary<string, StoreItem> changes, long now)
    {
        var etags = new Dictionary<string, string>(changes.Count, StringComparer.Ordinal);
        foreach (var (key, item) in changes)
        {
            ArgumentNullException.ThrowIfNull(item);
            var etag = ETags.New();
            SqliteCommand command;
            switch (item.ETag)
            {
                case null or StoreItem.Any:
                    command = session.Command(SqliteSql.Upsert);
                    break;
                case StoreItem.CreateOnly:
                    command = session.Command(SqliteSql.CreateOnly);
                    break;
                default:
                    command = session.Command(SqliteSql.Update);
                    command.Parameters[5].Value = item.ETag;
                    break;
            }

            var parameters = command.Parameters;
            parameters[0].Value = key;
            parameters[1].Value = item.Json;
            parameters[2].Value = etag;
            parameters[3].Value = item.ExpiresAt is { } expiresAt ? expiresAt.ToUnixTimeMilliseconds() : DBNull.Value;
            parameters[4].Value = now;
            if (command.ExecuteNonQuery() == 0)
            {
                throw new EtagException(key);
            }

            etags[key] = etag;
        }

        return etags;
    }

    public static int Delete(SqliteSession session, IReadOnlyCollection<string> keys)
    {
        var transaction = keys.Count > 1;
        if (transaction)
        {
            session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        }

        var committed = false;
        try
        {
            var command = session.Command(SqliteSql.Delete);
            foreach (var key in keys)
            {
                command.Parameters[0].Value = key;
                command.ExecuteNonQuery();
            }

            if (transaction)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }

            committed = true;
        }
        finally
        {
            if (transaction && !committed)
            {
                session.Command(SqliteSql.Rollback).ExecuteNonQuery();
            }
        }

        return keys.Count;
    }

    public static List<KeyValuePair<string, StoreItem>> List(SqliteSession session, string prefix, int limit, long now)
    {
        var upper = KeyRange.UpperBound(prefix);
        var command = session.Command(upper is null ? SqliteSql.ListOpen : SqliteSql.ListRange);
        command.Parameters[0].Value = prefix;
        command.Parameters[1].Value = now;
        command.Parameters[2].Value = limit;
        if (upper is not null)
        {
            command.Parameters[3].Value = upper;
        }

        var result = new List<KeyValuePair<string, StoreItem>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            long? expiresAt = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            result.Add(new(reader.GetString(0), new StoreItem(reader.GetString(1), reader.GetString(2), FromUnix(expiresAt))));
        }

        return result;
    }

    /// <summary>
    /// Several callers' writes in one IMMEDIATE transaction. A multi-item write runs inside a savepoint so that its
    /// conflict undoes only its own items; a single-item write that conflicts changed nothing. Outcomes are recorded
    /// on the requests and published by the caller only after COMMIT.
    /// </summary>
    public static int WriteBatch(SqliteSession session, List<SqliteWriteQueue.PendingWrite> batch, long now)
    {
        session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        var committed = false;
        try
        {
            foreach (var request in batch)
            {
                var savepoint = request.Changes.Count > 1;
                if (savepoint)
                {
                    session.Command(SqliteSql.Savepoint).ExecuteNonQuery();
                }

                try
                {
                    request.ETags = WriteItems(session, request.Changes, now);
                    request.Error = null;
                }
                catch (EtagException e)
                {
                    request.ETags = null;
                    request.Error = e;
                    if (savepoint)
                    {
                        session.Command(SqliteSql.RollbackToSavepoint).ExecuteNonQuery();
                    }
                }

                if (savepoint)
                {
                    session.Command(SqliteSql.ReleaseSavepoint).ExecuteNonQuery();
                }
            }

            session.Command(SqliteSql.Commit).ExecuteNonQuery();
            committed = true;
            return batch.Count;
        }
        finally
        {
            if (!committed)
            {
                TryRollback(session);
            }
        }
    }

    public static void TryRollback(SqliteSession session)
    {
        try
        {
            session.Command(SqliteSql.Rollback).ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back (I/O error, full disk); the original error is the one to report,
            // and the session is dropped because that error escapes Run.
        }
    }

    public static int Purge(SqliteSession session, long now)
    {
        var command = session.Command(SqliteSql.Purge);
        command.Parameters[0].Value = now;
        return command.ExecuteNonQuery();
    }

    public static object? Probe(SqliteSession session)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = SqliteSql.Probe;
        return command.ExecuteScalar();
    }

    private static DateTimeOffset? FromUnix(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
