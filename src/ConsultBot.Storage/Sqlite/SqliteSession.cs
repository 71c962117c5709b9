using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConsultBot.Storage.Sqlite;

/// <summary>An open connection with its prepared statements; used by one operation at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly SqliteCommand?[] _commands = new SqliteCommand?[SqliteSql.Statements.Length];

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static SqliteSession Open(string connectionString, int busyTimeoutMilliseconds)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();

            // WAL: readers do not block the writer; NORMAL sync is durable against a crash of the process
            // (not of the machine) and avoids an fsync per commit.
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            pragma.ExecuteNonQuery();
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The command for a statement, prepared on first use and reused afterwards.</summary>
    public SqliteCommand Command(int statement)
    {
        var command = _commands[statement];
        if (command is null)
        {
            var (text, parameters) = SqliteSql.Statements[statement];
            command = Connection.CreateCommand();
            command.CommandText = text;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            command.Prepare();
            _commands[statement] = command;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }
}
