using Microsoft.Data.Sqlite;

namespace ConsultBot.Storage.Sqlite;

/// <summary>Which SQLite errors mean "the store cannot be used right now" rather than a bug.</summary>
internal static class SqliteErrors
{
    public static bool IsUnavailable(SqliteException exception) => exception.SqliteErrorCode switch
    {
        3 or 5 or 6 or 8 or 10 or 11 or 13 or 14 or 15 or 23 or 26 => true, // PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, AUTH, NOTADB
        1 => IsMissingTable(exception), // a file replaced by an empty one, or not migrated yet
        _ => false,
    };

    public static bool IsMissingTable(SqliteException exception) =>
        exception.SqliteErrorCode == 1 && exception.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase);
}
