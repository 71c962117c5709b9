using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Bot;

/// <summary>
/// Fail closed: outside Development a host without <c>MicrosoftAppId</c> would answer anyone, so it does not
/// start unless <c>Bot:AllowUnauthenticated=true</c> says that this is wanted (a closed network, a load test).
/// Emulator tokens are accepted in Development, elsewhere only with <c>Bot:AllowEmulatorTokens=true</c>.
/// </summary>
internal static class AuthenticationPolicy
{
    public static IServiceCollection AddAuthenticationPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotAuthenticationOptions>().Configure<IHostEnvironment>((options, environment) =>
            options.AllowEmulatorTokens = environment.IsDevelopment() || configuration.GetValue<bool>("Bot:AllowEmulatorTokens"));
        services.AddSingleton<IValidateOptions<BotAuthenticationOptions>, RequireAuthenticationOutsideDevelopment>();
        return services;
    }

    /// <summary>The one loud line per start of a host that serves without authentication on purpose.</summary>
    public static void WarnWhenOpen(IServiceProvider services, ILogger logger)
    {
        var auth = services.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!auth.IsAuthenticationEnabled && !environment.IsDevelopment())
        {
            HostLog.RunningUnauthenticated(logger, environment.EnvironmentName);
        }
    }

    private sealed class RequireAuthenticationOutsideDevelopment(IHostEnvironment environment, IOptions<BotAdapterOptions> bot) : IValidateOptions<BotAuthenticationOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
        {
            if (options.IsAuthenticationEnabled || environment.IsDevelopment() || bot.Value.AllowUnauthenticated)
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(
                $"MicrosoftAppId is not set and the environment is '{environment.EnvironmentName}': the bot would accept activities from anyone. " +
                "Set MicrosoftAppId (and MicrosoftAppPassword or a managed identity), or, only on a closed network, Bot:AllowUnauthenticated=true.");
        }
    }
}
