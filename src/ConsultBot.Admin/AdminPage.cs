using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultBot.Admin;

/// <summary>
/// The admin page <c>/admin</c> (also the Teams static tab): static files from the assembly; every action goes through
/// <c>/api/admin</c> with the caller's key or Teams SSO token, so the page itself holds no privilege. The answer-card
/// preview uses the npm <c>adaptivecards</c> renderer, served from <see cref="AdminOptions.AdaptiveCardsScript"/>.
/// </summary>
internal static class AdminPage
{
    private static readonly Assembly Assembly = typeof(AdminPage).Assembly;

    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin", () => Resource("admin.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/admin/admin.js", () => Resource("admin.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/admin/admin.css", () => Resource("admin.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/admin/adaptivecards.js", (IOptions<AdminOptions> options) => Module(AdaptiveCardsScript(options.Value), "adaptivecards")).ExcludeFromDescription();
        endpoints.MapGet("/admin/adaptivecards.min.js.LICENSE.txt", () => Module(WebModule(AdaptiveCardsLicence), "adaptivecards", "text/plain; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/admin/teams-js.js", () => Module(WebModule(TeamsScript), "@microsoft/teams-js")).ExcludeFromDescription();
        return endpoints;
    }

    private const string AdaptiveCardsFile = "adaptivecards/dist/adaptivecards.min.js";
    private const string AdaptiveCardsLicence = "adaptivecards/dist/adaptivecards.min.js.LICENSE.txt";
    private const string TeamsScript = "@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js";

    internal static string? AdaptiveCardsScript(AdminOptions options) =>
        !string.IsNullOrEmpty(options.AdaptiveCardsScript) && File.Exists(options.AdaptiveCardsScript) ? Path.GetFullPath(options.AdaptiveCardsScript) : WebModule(AdaptiveCardsFile);

    /// <summary>
    /// A file of the page's npm packages (src/ConsultBot.Admin/Web/package.json): the build copies them next to the app
    /// as <c>admin-web/node_modules</c>; a checkout where only <c>npm ci</c> ran in Web/ works too.
    /// </summary>
    internal static string? WebModule(string relativePath)
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "admin-web", "node_modules", relativePath),
            Path.Combine(Directory.GetCurrentDirectory(), "src", "ConsultBot.Admin", "Web", "node_modules", relativePath),
        ];
        return candidates.FirstOrDefault(File.Exists) is { } found ? Path.GetFullPath(found) : null;
    }

    private static IResult Module(string? path, string package, string contentType = "text/javascript; charset=utf-8") =>
        path is null
            ? Results.Problem($"The npm package {package} is not installed: run `npm ci` in src/ConsultBot.Admin/Web and build again (or set Admin:AdaptiveCardsScript).", statusCode: 404)
            : Results.File(path, contentType);

    private static IResult Resource(string name, string contentType)
    {
        using var stream = Assembly.GetManifestResourceStream("ConsultBot.Admin.Web." + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
