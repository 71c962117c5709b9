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
        endpoints.MapGet("/admin/adaptivecards.js", (IOptions<AdminOptions> options) =>
        {
            var path = AdaptiveCardsScript(options.Value);
            return path is null
                ? Results.Problem("The adaptivecards renderer is not installed: run `npm ci` in src/ConsultBot.Admin/Web or set Admin:AdaptiveCardsScript.", statusCode: 404)
                : Results.File(path, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
        return endpoints;
    }

    internal static string? AdaptiveCardsScript(AdminOptions options)
    {
        string[] candidates =
        [
            options.AdaptiveCardsScript ?? string.Empty,
            Path.Combine(AppContext.BaseDirectory, "admin-web", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js"),
            Path.Combine(Directory.GetCurrentDirectory(), "src", "ConsultBot.Admin", "Web", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js"),
        ];
        return candidates.FirstOrDefault(c => c.Length > 0 && File.Exists(c)) is { } found ? Path.GetFullPath(found) : null;
    }

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
