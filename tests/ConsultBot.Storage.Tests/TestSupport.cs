using System.Diagnostics;
using Npgsql;

namespace ConsultBot.Storage.Tests;

/// <summary>The PostgreSQL server the tests run against (started by <c>.ci/postgres.sh</c>).</summary>
internal static class PostgresTestServer
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Username=consultbot;Password=consultbot;Database=consultbot_test";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString;

    /// <summary>Creates a fresh schema and returns it with a connection string whose search_path points at it.</summary>
    public static async Task<(string Schema, string ConnectionString)> CreateSchemaAsync(CancellationToken cancellationToken) =>
        await CreateSchemaAsync(ConnectionString, cancellationToken);

    public static async Task<(string Schema, string ConnectionString)> CreateSchemaAsync(string connectionString, CancellationToken cancellationToken)
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..20];
        await ExecuteAsync(connectionString, $"CREATE SCHEMA {schema}", cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        return (schema, builder.ConnectionString);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        try
        {
            await ExecuteAsync(ConnectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Best effort: a leftover schema in the test database is harmless.
        }
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            throw new InvalidOperationException(
                $"PostgreSQL for the storage tests is not reachable at {builder.Host}:{builder.Port} (database {builder.Database}): {e.Message}. " +
                "Start it with `eval \"$(bash .ci/postgres.sh)\"` (or point CONSULTBOT_TEST_POSTGRES at a server).", e);
        }
    }

    public static Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken) =>
        ScalarAsync(connectionString, sql, cancellationToken);
}

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ConsultBot.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>.ci/postgres.sh</c> with the given action for a private cluster on <paramref name="port"/>; returns stdout.</summary>
    public static async Task<string> PostgresScriptAsync(string action, int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, ".ci", "postgres.sh"), action])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PGPORT_TEST"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("PGDATA_TEST");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/postgres.sh {action} (port {port}) failed with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}

/// <summary>Disposes what a test created, in reverse order.</summary>
internal sealed class Disposables : IAsyncDisposable
{
    private readonly Stack<object> _items = new();

    public T Add<T>(T item)
        where T : notnull
    {
        _items.Push(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        while (_items.TryPop(out var item))
        {
            switch (item)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
