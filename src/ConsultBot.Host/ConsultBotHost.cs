using ConsultBot.Host.Bot;
using ConsultBot.Host.Configuration;
using ConsultBot.Host.Endpoints;
using ConsultBot.Host.Playground;

namespace ConsultBot.Host;

/// <summary>Builds the web application: configuration, services, endpoints.</summary>
public static class ConsultBotHost
{
    /// <summary>Default address when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:3978";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // `--playground` is a switch, not a key=value pair the configuration parser understands.
        args = args.Where(a => !string.Equals(a, "--playground", StringComparison.OrdinalIgnoreCase)).ToArray();
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddShippedAppSettings();
        builder.Configuration.AddDotEnvFile(Path.Combine(Directory.GetCurrentDirectory(), ".env"));

        // .env is for local convenience; real environment variables and the command line still win.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddConsultBot(builder.Configuration);
        builder.Services.AddPlaygroundLauncher(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapConsultBotEndpoints();
        return app;
    }

    /// <summary>Applies storage migrations, seeds content, then starts listening.</summary>
    public static async Task StartConsultBotAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.PrepareConsultBotAsync(cancellationToken).ConfigureAwait(false);
        var time = app.Services.GetRequiredService<TimeProvider>();
        var begun = time.GetTimestamp();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        HostLog.Listening(app.Logger, time.GetElapsedTime(begun).TotalMilliseconds);
        AuthenticationPolicy.WarnWhenOpen(app.Services, app.Logger);
    }
}
