using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Admin.Api;
using ConsultBot.Admin.Cards;
using ConsultBot.Admin.Faq;
using ConsultBot.Admin.Resources;
using ConsultBot.Admin.Review;
using ConsultBot.Cards;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Admin.Teams;

/// <summary>
/// The admin cards in the personal chat: search, the edit form, preview (the answer card exactly as users get it),
/// publish, history and restore, the review list. Each button answers with the next card in place. The router has
/// already checked that the caller is an admin (<see cref="AdminGuard"/>) for every verb; edits go through the same
/// store calls as the REST API, stamped with the caller's Entra object id, never with anything the card data says.
/// </summary>
internal sealed class AdminCardHandlers(
    IFaqEditor editor, IFaqStore store, EntryChecks checks, ReviewService review, ICardRenderer cards, AdminGuard guard, ILogger<AdminCardHandlers> logger)
{
    private const int MaxRows = 10;

    public async Task OnStartAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (!guard.IsAdmin(activity))
        {
            Log.NotAnAdmin(logger);
            await turnContext.SendActivityAsync(AdminTexts.Get(nameof(AdminStrings.NotAnAdmin), activity.Locale), cancellationToken);
            return;
        }

        Log.CardAction(logger, "open", Editor(turnContext));
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(await HomeAsync(string.Empty, string.Empty, activity.Locale, cancellationToken))];
        await turnContext.SendActivityAsync(message, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnSearchAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        AdaptiveCardInvokeResponse.Card(await HomeAsync(request.GetString("q")?.Trim() ?? string.Empty, string.Empty, turnContext.Activity.Locale, cancellationToken));

    public async Task<AdaptiveCardInvokeResponse> OnOpenAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var entry = await editor.GetEditableAsync(request.GetString("id") ?? string.Empty, cancellationToken);
        return entry?.Current is null || entry.IsDeleted
            ? AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale))
            : Card(EntryCard(entry, null, string.Empty, locale), locale, AdminCardNames.Entry);
    }

    public async Task<AdaptiveCardInvokeResponse> OnSaveAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var current = await editor.GetEditableAsync(request.GetString("id") ?? string.Empty, cancellationToken);
        if (current?.Current is not { } entry || current.IsDeleted)
        {
            return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
        }

        var edited = FromForm(entry, request);
        var blocking = checks.Blocking(edited);
        if (blocking.Count > 0)
        {
            return Card(EntryCard(current, request, Invalid(blocking, locale), locale), locale, AdminCardNames.Entry);
        }

        var note = request.GetString("note")?.Trim() is { Length: > 0 } n ? n : null;
        var result = await editor.SaveDraftAsync(edited, request.GetString("etag") ?? string.Empty, Editor(turnContext), note, cancellationToken);
        Log.CardAction(logger, "save " + entry.Id, Editor(turnContext));
        return await AfterWriteAsync(result, current.Id, request, nameof(AdminStrings.Saved), locale, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnPreviewAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var current = await editor.GetEditableAsync(request.GetString("id") ?? string.Empty, cancellationToken);
        if (current?.Current is not { } entry || current.IsDeleted)
        {
            return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
        }

        // The form as it is now, unsaved, rendered by the same template and data as the chat's answer.
        var edited = FromForm(entry, request);
        var errors = (await store.ValidateAsync(edited, cancellationToken)).Where(e => e.Field is "question" or "answer").Concat(checks.Blocking(edited)).ToArray();
        if (errors.Length > 0)
        {
            return Card(EntryCard(current, request, AdminTexts.Format(nameof(AdminStrings.PreviewInvalid), locale, Messages(errors)), locale), locale, AdminCardNames.Entry);
        }

        var preview = Activity.CreateMessageActivity();
        preview.Attachments = [Attachment.AdaptiveCard(JsonNode.Parse(checks.RenderCard(edited, AdminTexts.Language(locale)))!)];
        await turnContext.SendActivityAsync(preview, cancellationToken);
        return Card(EntryCard(current, request, AdminTexts.Get(nameof(AdminStrings.PreviewSent), locale), locale), locale, AdminCardNames.Entry);
    }

    public async Task<AdaptiveCardInvokeResponse> OnPublishAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var id = request.GetString("id") ?? string.Empty;
        var current = await editor.GetEditableAsync(id, cancellationToken);
        if (current?.Current is not { } entry || current.IsDeleted)
        {
            return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
        }

        if (current.Draft is null)
        {
            return Card(EntryCard(current, null, AdminTexts.Get(nameof(AdminStrings.NothingToPublish), locale), locale), locale, AdminCardNames.Entry);
        }

        if (checks.Blocking(entry) is { Count: > 0 } blocking)
        {
            return Card(EntryCard(current, null, Invalid(blocking, locale), locale), locale, AdminCardNames.Entry);
        }

        var result = await editor.PublishAsync(id, request.GetString("etag") ?? string.Empty, Editor(turnContext), null, cancellationToken);
        Log.CardAction(logger, "publish " + id, Editor(turnContext));
        return await AfterWriteAsync(result, id, null, nameof(AdminStrings.Published), locale, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnHistoryAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var id = request.GetString("id") ?? string.Empty;
        var entry = await editor.GetEditableAsync(id, cancellationToken);
        var history = await store.GetHistoryAsync(id, cancellationToken);
        if (entry is null || history.Count == 0)
        {
            return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
        }

        // Newest first, the last ten: a card has room for that, the page shows all with diffs.
        var rows = history.Reverse().Take(MaxRows).Select(h => new AdminRevisionRow(
            h.Version, ActionText(h.Action, locale), CardText.Escape(h.By), h.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            string.Join(", ", h.Changed), CardText.Escape(h.Note ?? string.Empty), h.Entry is not null)).ToArray();
        var data = new AdminHistoryCardData(id, CardText.Escape(entry.Current?.Question ?? id), rows);
        return Card(JsonSerializer.SerializeToNode(data, AdminCardJsonContext.Default.AdminHistoryCardData), locale, AdminCardNames.History);
    }

    public async Task<AdaptiveCardInvokeResponse> OnRestoreAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var id = request.GetString("id") ?? string.Empty;
        if (!long.TryParse(request.GetString("revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
        }

        var result = await editor.RestoreAsync(id, revision, null, Editor(turnContext), cancellationToken);
        Log.CardAction(logger, "restore " + id, Editor(turnContext));
        return await AfterWriteAsync(result, id, null, nameof(AdminStrings.Restored), locale, cancellationToken, revision);
    }

    public async Task<AdaptiveCardInvokeResponse> OnReviewAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        AdaptiveCardInvokeResponse.Card(await ReviewAsync(string.Empty, turnContext.Activity.Locale, cancellationToken));

    public async Task<AdaptiveCardInvokeResponse> OnReviewPhrasingsAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var group = await review.FindAsync(request.GetString("group") ?? string.Empty, cancellationToken);
        if (group is null)
        {
            return AdaptiveCardInvokeResponse.Card(await ReviewAsync(AdminTexts.Get(nameof(AdminStrings.GroupGone), locale), locale, cancellationToken));
        }

        var entryId = request.GetString("entry") ?? string.Empty;
        var questions = group.Value.View.Questions.Select(q => q.Text).ToArray();
        var result = await AdminActions.AddPhrasingsAsync(editor, entryId, questions, publish: true, Editor(turnContext), cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return AdaptiveCardInvokeResponse.Card(await ReviewAsync(AdminTexts.Get(nameof(AdminStrings.NotFound), locale), locale, cancellationToken));
        }

        await review.CloseAsync(group.Value.Keys, cancellationToken);
        Log.CardAction(logger, "phrasings " + entryId, Editor(turnContext));
        return AdaptiveCardInvokeResponse.Card(await ReviewAsync(AdminTexts.Format(nameof(AdminStrings.PhrasingsAdded), locale, questions.Length, entryId), locale, cancellationToken));
    }

    public async Task<AdaptiveCardInvokeResponse> OnReviewEntryAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var group = await review.FindAsync(request.GetString("group") ?? string.Empty, cancellationToken);
        if (group is null)
        {
            return AdaptiveCardInvokeResponse.Card(await ReviewAsync(AdminTexts.Get(nameof(AdminStrings.GroupGone), locale), locale, cancellationToken));
        }

        var result = await AdminActions.DraftFromGroupAsync(editor, group.Value.View, Editor(turnContext), cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return AdaptiveCardInvokeResponse.Card(await ReviewAsync(AdminTexts.Get(nameof(AdminStrings.GroupGone), locale), locale, cancellationToken));
        }

        await review.CloseAsync(group.Value.Keys, cancellationToken);
        Log.CardAction(logger, "draft from review", Editor(turnContext));
        return Card(EntryCard(result.Entry!, null, AdminTexts.Get(nameof(AdminStrings.DraftCreated), locale), locale), locale, AdminCardNames.Entry);
    }

    public async Task<AdaptiveCardInvokeResponse> OnReviewDismissAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        var group = await review.FindAsync(request.GetString("group") ?? string.Empty, cancellationToken);
        if (group is not null)
        {
            await review.CloseAsync(group.Value.Keys, cancellationToken);
            Log.CardAction(logger, "dismiss", Editor(turnContext));
        }

        var message = AdminTexts.Get(group is null ? nameof(AdminStrings.GroupGone) : nameof(AdminStrings.GroupDismissed), locale);
        return AdaptiveCardInvokeResponse.Card(await ReviewAsync(message, locale, cancellationToken));
    }

    /// <summary>The same editor name as an Entra token gets in the REST API: one person, one name in the history.</summary>
    private static string Editor(ITurnContext turnContext) => "entra:" + turnContext.Activity.From!.AadObjectId;

    private async Task<AdaptiveCardInvokeResponse> AfterWriteAsync(FaqEditResult result, string id, CardActionRequest? form, string doneText, string? locale, CancellationToken cancellationToken, long revision = 0)
    {
        switch (result.Status)
        {
            case FaqWriteStatus.Saved:
                return Card(EntryCard(result.Entry!, null, AdminTexts.Format(doneText, locale, revision), locale), locale, AdminCardNames.Entry);
            case FaqWriteStatus.Invalid:
                var current = await editor.GetEditableAsync(id, cancellationToken);
                return current is null
                    ? AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale))
                    : Card(EntryCard(current, form, Invalid(result.Errors, locale), locale), locale, AdminCardNames.Entry);
            case FaqWriteStatus.NotFound:
                return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale));
            default:
                // A stale etag: show what is stored now; the admin's typing is lost on purpose rather than merged blindly.
                var now = await editor.GetEditableAsync(id, cancellationToken);
                return now?.Current is null
                    ? AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotFound), locale))
                    : Card(EntryCard(now, null, AdminTexts.Get(nameof(AdminStrings.Conflict), locale), locale), locale, AdminCardNames.Entry);
        }
    }

    private async Task<JsonObject> HomeAsync(string query, string message, string? locale, CancellationToken cancellationToken)
    {
        var all = (await editor.ListEditableAsync(false, cancellationToken)).Where(e => e.Current is not null).ToArray();
        var words = EntryChecks.Words(query);
        var rows = all
            .Where(e => query.Length == 0 || e.Id.Contains(query, StringComparison.OrdinalIgnoreCase) || EntryChecks.Words(e.Current!.Question + " " + e.Current.Category).IsSupersetOf(words))
            .OrderByDescending(e => e.Current!.UpdatedAt)
            .Take(MaxRows)
            .Select(e => new AdminHomeRow(e.Id, CardText.Escape(e.Current!.Question), StateText(e, locale)))
            .ToArray();
        var reviewCount = (await review.ListAsync(cancellationToken)).Groups.Count;
        var data = new AdminHomeCardData(query, rows, rows.Length == 0, all.Length, reviewCount, message);
        return cards.Render(AdminCardNames.Home, JsonSerializer.SerializeToNode(data, AdminCardJsonContext.Default.AdminHomeCardData), AdminTexts.Language(locale));
    }

    private async Task<JsonObject> ReviewAsync(string message, string? locale, CancellationToken cancellationToken)
    {
        var list = await review.ListAsync(cancellationToken);
        var groups = list.Groups.Take(MaxRows).Select(g => new AdminReviewGroupRow(
            g.Id, g.Count, CardText.Escape(g.Representative), CardText.Escape(string.Join(" · ", g.Questions.Select(q => q.Text).Distinct().Take(5))),
            g.SuggestedEntryId ?? string.Empty, CardText.Escape(g.SuggestedEntryQuestion ?? string.Empty), g.SuggestedEntryId is not null)).ToArray();
        var data = new AdminReviewCardData(groups, groups.Length == 0, message);
        return cards.Render(AdminCardNames.Review, JsonSerializer.SerializeToNode(data, AdminCardJsonContext.Default.AdminReviewCardData), AdminTexts.Language(locale));
    }

    /// <summary>The form card; after a refused save it keeps what the admin typed (<paramref name="form"/>).</summary>
    private AdminEntryCardData EntryCard(FaqEditableEntry entry, CardActionRequest? form, string message, string? locale)
    {
        var e = entry.Current!;
        var shown = form is null ? e : FromForm(e, form);
        var en = shown.TranslationFor(FaqLocale.English);
        return new AdminEntryCardData(
            entry.Id,
            entry.ETag,
            CardText.Escape(e.Question),
            StateText(entry, locale),
            shown.Question,
            string.Join('\n', shown.Alternatives),
            shown.Answer,
            en?.Question ?? string.Empty,
            en?.Answer ?? string.Empty,
            [.. checks.Advisory(e).Select(w => new AdminWarningRow(CardText.Escape(w.Message)))],
            entry.Draft is not null,
            message);
    }

    private AdaptiveCardInvokeResponse Card(AdminEntryCardData data, string? locale, string name) =>
        Card(JsonSerializer.SerializeToNode(data, AdminCardJsonContext.Default.AdminEntryCardData), locale, name);

    private AdaptiveCardInvokeResponse Card(JsonNode? data, string? locale, string name) =>
        AdaptiveCardInvokeResponse.Card(cards.Render(name, data, AdminTexts.Language(locale)));

    /// <summary>The entry with the form's fields; English alternatives are kept (the page edits those).</summary>
    private static FaqEntry FromForm(FaqEntry entry, CardActionRequest form)
    {
        string Field(string name, string fallback) => form.Data.ContainsKey(name) ? (form.GetString(name) ?? string.Empty).Trim() : fallback;
        var en = entry.TranslationFor(FaqLocale.English);
        var enQuestion = Field("enQuestion", en?.Question ?? string.Empty);
        var enAnswer = Field("enAnswer", en?.Answer ?? string.Empty);
        var translations = new Dictionary<string, FaqTranslation>(entry.Translations ?? new Dictionary<string, FaqTranslation>(), StringComparer.Ordinal);
        if (enQuestion.Length > 0 || enAnswer.Length > 0)
        {
            translations[FaqLocale.English] = new FaqTranslation(enQuestion, en?.Alternatives ?? [], enAnswer);
        }
        else
        {
            translations.Remove(FaqLocale.English);
        }

        var alternatives = Field("alternatives", string.Join('\n', entry.Alternatives))
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return entry with
        {
            Question = Field("question", entry.Question),
            Alternatives = alternatives,
            Answer = Field("answer", entry.Answer).Replace("\r\n", "\n", StringComparison.Ordinal),
            Translations = translations.Count == 0 ? null : translations,
        };
    }

    private static string Invalid(IEnumerable<FaqValidationError> errors, string? locale) => AdminTexts.Format(nameof(AdminStrings.Invalid), locale, Messages(errors));

    private static string Messages(IEnumerable<FaqValidationError> errors) => CardText.Escape(string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)));

    private static string StateText(FaqEditableEntry entry, string? locale) => AdminTexts.Get(AdminApi.State(entry) switch
    {
        "draft" => nameof(AdminStrings.StateDraft),
        "published" => nameof(AdminStrings.StatePublished),
        "published-with-draft" => nameof(AdminStrings.StatePublishedWithDraft),
        _ => nameof(AdminStrings.StateDeleted),
    }, locale);

    private static string ActionText(string action, string? locale) => action switch
    {
        "created" => AdminTexts.Get(nameof(AdminStrings.ActionCreated), locale),
        "draft-saved" => AdminTexts.Get(nameof(AdminStrings.ActionDraftSaved), locale),
        "published" => AdminTexts.Get(nameof(AdminStrings.ActionPublished), locale),
        "deleted" => AdminTexts.Get(nameof(AdminStrings.ActionDeleted), locale),
        "restored" => AdminTexts.Get(nameof(AdminStrings.ActionRestored), locale),
        "imported" => AdminTexts.Get(nameof(AdminStrings.ActionImported), locale),
        _ => action,
    };
}
