using System.Globalization;
using System.Text.Json;
using ConsultBot.Assessment.Plan;
using ConsultBot.Cards;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Cards;
using ConsultBot.Workshop.Quiz;
using ConsultBot.Workshop.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Workshop.Plan;

/// <summary>
/// "Plan partnerstwa" on the recommendation card sends a card with signed, expiring links (Polish and English) into
/// the personal chat; <c>GET /workshop/plan/{token}</c> checks the link and renders the printable page.
/// </summary>
internal sealed class PlanHandlers(PlanLinks links, IAssessmentPlans plans, ICardRenderer cards, ILogger<PlanHandlers> logger)
{
    public async Task<AdaptiveCardInvokeResponse> OnLinkAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale;
        if (!links.Enabled)
        {
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PlanLinksOff), locale));
        }

        var channel = activity.ChannelId ?? "msteams";
        var userId = activity.From?.Id ?? string.Empty;
        var language = WorkshopTexts.Language(locale);

        // Only the caller's own assessment can be linked: the router allowed a personal chat, and the plan is read
        // from the caller's state, so a forged id finds nothing.
        var plan = await plans.FindAsync(channel, userId, request.GetString("assessmentId") ?? string.Empty, language, cancellationToken);
        if (plan is null)
        {
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PlanNoAssessment), locale));
        }

        var (token, expiresAt) = links.Issue(channel, userId, plan.AssessmentId);
        logger.PlanLinkIssued(expiresAt);
        var data = new PlanLinkCardData(
            CardText.Escape(plan.ModelName),
            links.Url(token, "pl").AbsoluteUri,
            links.Url(token, "en").AbsoluteUri,
            expiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        await QuizHandlers.SendCardAsync(turnContext, cards.Render(WorkshopCardNames.PlanLink, JsonSerializer.SerializeToNode(data, WorkshopJsonContext.Default.PlanLinkCardData), language), cancellationToken);
        return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PlanLinkSent), locale));
    }

    public async Task<IResult> OnPageAsync(string token, string? lang, CancellationToken cancellationToken)
    {
        var language = string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? "en" : "pl";
        switch (links.Check(token, out var payload))
        {
            case PlanLinkCheck.Disabled:
                return Page(language, StatusCodes.Status404NotFound, nameof(WorkshopStrings.PlanPageGoneTitle), nameof(WorkshopStrings.PlanPageGone));
            case PlanLinkCheck.Tampered:
                logger.PlanLinkRefused("signature");
                return Page(language, StatusCodes.Status403Forbidden, nameof(WorkshopStrings.PlanPageInvalidTitle), nameof(WorkshopStrings.PlanPageInvalid));
            case PlanLinkCheck.Expired:
                logger.PlanLinkRefused("expired");
                return Page(language, StatusCodes.Status410Gone, nameof(WorkshopStrings.PlanPageExpiredTitle), nameof(WorkshopStrings.PlanPageExpired));
        }

        // Erased with "usuń moje dane" (or pushed out of the history): the link dies with the data.
        var plan = await plans.FindAsync(payload!.C, payload.U, payload.A, language, cancellationToken);
        return plan is null
            ? Page(language, StatusCodes.Status404NotFound, nameof(WorkshopStrings.PlanPageGoneTitle), nameof(WorkshopStrings.PlanPageGone))
            : Html(StatusCodes.Status200OK, PlanPage.Render(plan, language, token));
    }

    private static IResult Page(string language, int status, string title, string text) => Html(status, PlanPage.Message(language, title, text));

    private static IResult Html(int status, string html) => new HtmlResult(status, html);

    /// <summary>The page holds personal data: not cached, not indexed, no referrer, nothing loaded from elsewhere.</summary>
    private sealed class HtmlResult(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Robots-Tag"] = "noindex";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
