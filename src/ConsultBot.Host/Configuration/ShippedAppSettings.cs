using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ConsultBot.Host.Configuration;

/// <summary>
/// The <c>appsettings.json</c> shipped next to the host's dll (log levels that keep user questions and conversation
/// ids out of Information-level framework logs). ASP.NET Core looks for it only in the working directory, which is
/// the repository root under <c>dotnet run --project</c> and the test folder in tests; so it is added from the app
/// directory as the lowest-priority source: a working-directory appsettings, .env, environment and command line win.
/// </summary>
internal static class ShippedAppSettings
{
    public static IConfigurationBuilder AddShippedAppSettings(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
