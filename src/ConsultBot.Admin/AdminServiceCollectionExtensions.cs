using ConsultBot.Admin.Auth;
using ConsultBot.Admin.Faq;
using ConsultBot.Admin.Review;
using ConsultBot.Admin.Teams;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsultBot.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Registers FAQ administration: <see cref="AdminOptions"/> (section <c>Admin</c>, validated at start), personal keys,
    /// the authenticator (keys and Entra ID tokens), the review list, the entry checks, the OpenAPI document and the
    /// Teams admin feature. Needs <c>AddKnowledge</c> and <c>AddCards</c>.
    /// </summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AdminKeyStore>();
        services.TryAddSingleton<AdminAuthenticator>();
        services.TryAddSingleton<EntryChecks>();
        services.TryAddSingleton<ReviewService>();
        services.TryAddSingleton<AdminGuard>();
        services.TryAddSingleton<AdminCardHandlers>();
        services.AddSingleton<IBotFeature>(sp => new AdminFeature(sp.GetRequiredService<AdminCardHandlers>(), sp.GetRequiredService<AdminGuard>()));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(AdminJsonContext.Default));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ConsultBot admin API";
            document.Info.Description = "FAQ administration: drafts, publishing, history, import/export, review of what users asked, synonyms, personal keys. "
                + "Authorization: Bearer with a personal key or an Entra ID token of a user in Admin:Users.";
            return Task.CompletedTask;
        }));
        return services;
    }
}
