using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConsultBot.Knowledge.Api;

/// <summary>
/// HTTP surface of the knowledge base: <c>GET /api/faq/search</c>, open (read-only, a fixed contract). Administration
/// lives in one API, <c>/api/admin/faq</c> (ConsultBot.Admin); the old <c>/api/faq/entries</c>, export, import and
/// unanswered routes answer with a permanent redirect there (308 keeps the method and body).
/// </summary>
public static class KnowledgeApi
{
    private const string JsonType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/faq/search", Search);

        static IResult Moved(string to) => Results.Redirect(to, permanent: true, preserveMethod: true);
        string[] any = ["GET", "PUT", "POST", "DELETE"];
        endpoints.MapMethods("/api/faq/entries", any, () => Moved("/api/admin/faq")).ExcludeFromDescription();
        endpoints.MapMethods("/api/faq/entries/{**rest}", any, (string rest) => Moved("/api/admin/faq/" + rest)).ExcludeFromDescription();
        endpoints.MapMethods("/api/faq/export", any, () => Moved("/api/admin/faq/export")).ExcludeFromDescription();
        endpoints.MapMethods("/api/faq/import", any, () => Moved("/api/admin/faq/import")).ExcludeFromDescription();
        endpoints.MapMethods("/api/faq/unanswered", any, () => Moved("/api/admin/review")).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary><c>?q=...&amp;top=5&amp;locale=pl</c> → <c>{"decision","results":[{"id","question","answer","score","confidence"}]}</c>.</summary>
    internal static IResult Search(HttpContext http, IFaqSearch search)
    {
        if (!TryReadSearchQuery(http.Request.Query, out var q, out var top, out var language, out var problem))
        {
            return problem;
        }

        return Results.Text(FaqSearchContract.ToJson(search.Search(q, language, top)), JsonType, Encoding.UTF8);
    }

    private static bool TryReadSearchQuery(IQueryCollection query, out string q, out int top, out string language, out IResult problem)
    {
        q = query["q"].ToString().Trim();
        top = 5;
        language = FaqLocale.Polish;
        problem = Results.Empty;
        if (q.Length == 0)
        {
            problem = Results.Problem("The query parameter 'q' is required.", statusCode: 400, title: "Missing q");
            return false;
        }

        if (q.Length > 500)
        {
            q = q[..500];
        }

        if (query.TryGetValue("top", out var topText) && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 20))
        {
            problem = Results.Problem("'top' must be an integer from 1 to 20.", statusCode: 400, title: "Invalid top");
            return false;
        }

        if (query.TryGetValue("locale", out var localeText))
        {
            language = FaqLocale.Language(localeText);
            if (language is not (FaqLocale.Polish or FaqLocale.English))
            {
                problem = Results.Problem("'locale' must be 'pl' or 'en'.", statusCode: 400, title: "Invalid locale");
                return false;
            }
        }

        return true;
    }
}
