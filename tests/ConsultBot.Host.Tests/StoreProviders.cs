using Npgsql;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Host settings for each store provider. PostgreSQL tests get a fresh database on the server that
/// `.ci/postgres.sh` starts (CONSULTBOT_TEST_POSTGRES); they fail, not skip, when it is not running.
/// </summary>
public static class StoreProviders
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=consultbot;Password=consultbot;Database=consultbot_test";

    public static readonly TheoryData<string> All = new() { "sqlite", "postgres" };

    public static async Task<Dictionary<string, string?>> SettingsAsync(string provider, CancellationToken cancellationToken)
    {
        if (provider == "sqlite")
        {
            return new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), "consultbot-tests", $"{Guid.NewGuid():N}.db"),
            };
        }

        var server = Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES") ?? DefaultPostgres;
        var database = $"cb_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL for the host tests is not reachable ({ex.Message}). Start it with: eval \"$(bash .ci/postgres.sh start)\"", ex);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = database };
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = builder.ConnectionString,
        };
    }
}
