using ConsultBot.Protocol.State;
using ConsultBot.Storage.Hosting;
using ConsultBot.Storage.Postgres;
using ConsultBot.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConsultBot.Storage;

/// <summary>DI entry points of the storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageOptions"/> (section <c>Storage</c>, validated at start), the <see cref="IStorage"/>
    /// singleton of the configured provider, <see cref="IStorageHealth"/>, the migration and expiry-purge hosted services.
    /// </summary>
    public static IServiceCollection AddConsultBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLogging();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateBackend);
        services.TryAddSingleton<IStorage>(sp => sp.GetRequiredService<IStorageBackend>());
        services.TryAddSingleton<StorageMigrator>();
        services.TryAddSingleton<IStorageHealth, StorageHealth>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageMigrationHostedService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoragePurgeService>());
        return services;
    }

    /// <summary>Contributes a feature's schema migrations (applied at start, each once, in version order per owner).</summary>
    public static IServiceCollection AddStorageMigrations(this IServiceCollection services, params StorageMigration[] migrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migrations);
        foreach (var migration in migrations)
        {
            ArgumentNullException.ThrowIfNull(migration);
            services.AddSingleton(migration);
        }

        return services;
    }

    /// <summary>Applies pending migrations now; call before the host starts listening. Idempotent.</summary>
    /// <exception cref="StorageUnavailableException">The store cannot be reached.</exception>
    public static Task MigrateStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<StorageMigrator>().MigrateAsync(cancellationToken);
    }

    private static IStorageBackend CreateBackend(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var timeProvider = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("ConsultBot.Storage");
        var provider = options.Provider.Trim();
        if (provider.Equals(StorageProviders.Memory, StringComparison.OrdinalIgnoreCase))
        {
            logger.Using(StorageProviders.Memory, "process memory");
            return new MemoryBackend(timeProvider);
        }

        if (provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            var postgres = new PostgresStorage(options.ConnectionString!, timeProvider, loggers.CreateLogger<PostgresStorage>());
            logger.Using(StorageProviders.Postgres, postgres.Location);
            return postgres;
        }

        var path = options.Sqlite.Path;
        if (!Path.IsPathRooted(path))
        {
            var root = services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            path = Path.Combine(root, path);
        }

        var sqlite = new SqliteStorage(path, options.Sqlite.BusyTimeoutMilliseconds, timeProvider, loggers.CreateLogger<SqliteStorage>());
        logger.Using(StorageProviders.Sqlite, sqlite.FilePath);
        return sqlite;
    }
}
