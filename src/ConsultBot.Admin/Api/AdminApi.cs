using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Admin.Auth;
using ConsultBot.Admin.Faq;
using ConsultBot.Admin.Review;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Admin.Api;

/// <summary>
/// The one admin API, <c>/api/admin/…</c>: entries with drafts, publish, soft delete, history/diff/restore, import/export,
/// the review list, synonyms, personal keys, the test pane. <c>Authorization: Bearer</c> with a personal key or an
/// Entra ID token (<see cref="AdminAuthenticator"/>); errors are problem details. PUT and DELETE need If-Match.
/// </summary>
internal static class AdminApi
{
    private const string IdentityItem = "ConsultBot.Admin.Identity";
    private const string Tag = "FAQ administration";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/admin").AddEndpointFilter(RequireAdminAsync).WithTags(Tag);

        api.MapGet("/me", (HttpContext http) => Json(new AdminMe(Identity(http).Editor, Identity(http).DisplayName), AdminJsonContext.Default.AdminMe))
            .WithSummary("Who the credentials name (the editor stamped into revisions).").Produces<AdminMe>();

        var faq = api.MapGroup("/faq");
        faq.MapGet("/", ListAsync).WithSummary("Entries (drafts and published); ?q= filters by text, ?includeDeleted=true adds deleted ones.").Produces<IReadOnlyList<AdminEntrySummary>>();
        faq.MapPost("/", CreateAsync).WithSummary("Creates an entry as a draft. 201 with ETag; 409 if the id exists.").Accepts<AdminEntryInput>("application/json").Produces<AdminEntryView>(201).ProducesValidationProblem();
        faq.MapGet("/export", ExportAsync).WithSummary("All entries (drafts included) as ?format=json (the seed file's format) or csv.");
        faq.MapPost("/import", ImportAsync).WithSummary("Dry run by default: what would be added, changed, rejected and why. ?apply=true writes all or nothing. Body: JSON seed document or text/csv.").Produces<ImportReport>().Produces<ImportReport>(422);
        faq.MapGet("/test", TestAsync).WithSummary("What the live search decides for ?q= (the test pane).").Produces<AdminTestResult>();
        faq.MapPost("/preview", PreviewAsync).WithSummary("Checks an unsaved entry and renders its answer card as users will see it (?locale=pl|en).").Accepts<AdminEntryInput>("application/json");
        faq.MapGet("/{id}", GetAsync).WithSummary("One entry: published version, draft, deletion, warnings; ETag header.").Produces<AdminEntryView>();
        faq.MapPut("/{id}", PutAsync).WithSummary("Saves the draft (published entries stay live until publish). If-Match required; 412 with what changed meanwhile.").Accepts<AdminEntryInput>("application/json").Produces<AdminEntryView>().Produces<AdminConflict>(412).ProducesValidationProblem();
        faq.MapDelete("/{id}", DeleteAsync).WithSummary("Soft delete with ?reason=. If-Match required.").Produces(204).Produces<AdminConflict>(412);
        faq.MapPost("/{id}/publish", PublishAsync).WithSummary("Publishes the draft; users see it at once, on every instance. If-Match optional.").Produces<AdminEntryView>().Produces<AdminConflict>(412);
        faq.MapGet("/{id}/history", HistoryAsync).WithSummary("Revisions, oldest first: who, when, what changed, note.").Produces<IReadOnlyList<AdminRevision>>();
        faq.MapGet("/{id}/history/{revision:long}", RevisionAsync).WithSummary("One revision and a line diff against the current version.").Produces<AdminRevisionDetail>();
        faq.MapPost("/{id}/restore/{revision:long}", RestoreAsync).WithSummary("Brings a revision back as the draft (publish to make it live).").Produces<AdminEntryView>();
        faq.MapGet("/{id}/card", CardAsync).WithSummary("The entry's answer card as users see it (?version=draft|published, ?locale=pl|en).");

        var review = api.MapGroup("/review");
        review.MapGet("/", ReviewAsync).WithSummary("Unanswered and 👎 questions grouped by similarity, and consultants' drafts (personal data removed).").Produces<ReviewList>();
        review.MapPost("/{groupId}/phrasings", PhrasingsAsync).WithSummary("Adds the group's questions as phrasings of an entry (published at once unless publish=false).").Accepts<PhrasingsRequest>("application/json").Produces<AdminEntryView>();
        review.MapPost("/{groupId}/entry", EntryFromGroupAsync).WithSummary("Creates a draft entry from the group.").Produces<AdminEntryView>(201);
        review.MapPost("/{groupId}/dismiss", DismissAsync).WithSummary("Dismisses the group (its stored questions are deleted).").Produces(204);

        api.MapGet("/synonyms", SynonymsAsync).WithSummary("Synonyms and abbreviations the search uses (ETag).").Produces<SynonymsView>();
        api.MapPut("/synonyms", PutSynonymsAsync).WithSummary("Replaces the synonyms; every instance re-indexes. If-Match required once they exist.").Accepts<SynonymsInput>("application/json").Produces<SynonymsView>();

        api.MapGet("/keys", async (AdminKeyStore keys, CancellationToken ct) => Json(await keys.ListAsync(ct), AdminJsonContext.Default.IReadOnlyListAdminKeyInfo))
            .WithSummary("Personal keys (never the secrets).").Produces<IReadOnlyList<AdminKeyInfo>>();
        api.MapPost("/keys", CreateKeyAsync).WithSummary("Creates a personal key; the secret is shown once.").Accepts<KeyCreateRequest>("application/json").Produces<AdminKeyCreated>(201);
        api.MapDelete("/keys/{id}", async (string id, HttpContext http, AdminKeyStore keys, CancellationToken ct) =>
            await keys.RevokeAsync(id, Identity(http).Editor, ct) ? Results.NoContent() : NotFound("key", id)).WithSummary("Revokes a created key at once.");
        return endpoints;
    }

    internal static AdminIdentity Identity(HttpContext http) => (AdminIdentity)http.Items[IdentityItem]!;

    private static async ValueTask<object?> RequireAdminAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.RequestServices.GetRequiredService<AdminAuthenticator>().AuthenticateAsync(http, http.RequestAborted);
        switch (result.Outcome)
        {
            case AdminAuthOutcome.Admin:
                http.Items[IdentityItem] = result.Identity;
                return await next(context);
            case AdminAuthOutcome.NotAnAdmin:
                return Results.Problem(result.Reason, statusCode: 403, title: "Not an administrator");
            default:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(result.Reason, statusCode: 401, title: "Authentication required");
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, IFaqEditor editor, CancellationToken cancellationToken)
    {
        var q = http.Request.Query["q"].ToString().Trim();
        var includeDeleted = string.Equals(http.Request.Query["includeDeleted"], "true", StringComparison.OrdinalIgnoreCase);
        var words = EntryChecks.Words(q);
        var list = (await editor.ListEditableAsync(includeDeleted, cancellationToken))
            .Select(Summary)
            .Where(s => q.Length == 0 || s.Id.Contains(q, StringComparison.OrdinalIgnoreCase) || EntryChecks.Words(s.Question + " " + s.Category).IsSupersetOf(words))
            .ToArray();
        return Json<IReadOnlyList<AdminEntrySummary>>(list, AdminJsonContext.Default.IReadOnlyListAdminEntrySummary);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IFaqEditor editor, EntryChecks checks, CancellationToken cancellationToken)
    {
        var entry = await editor.GetEditableAsync(id, cancellationToken);
        return entry is null ? NotFound("entry", id) : View(http, entry, checks);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IFaqEditor editor, EntryChecks checks, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(http, AdminJsonContext.Default.AdminEntryInput, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(input.Id))
        {
            return Invalid([new("id", "Required on create (lower-case letters, digits and hyphens).")]);
        }

        if (await editor.GetEditableAsync(input.Id, cancellationToken) is not null)
        {
            return Results.Problem($"Entry '{input.Id}' exists (or was deleted: restore it from its history).", statusCode: 409, title: "Entry exists");
        }

        return await SaveAsync(http, editor, checks, logger, ToEntry(input, input.Id), null, input.Note, created: true, cancellationToken);
    }

    private static async Task<IResult> PutAsync(string id, HttpContext http, IFaqEditor editor, EntryChecks checks, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch(http);
        if (ifMatch is null)
        {
            return Results.Problem("Send the entry's ETag in If-Match (from GET), so an edit never overwrites someone else's.", statusCode: 428, title: "If-Match required");
        }

        var (input, problem) = await ReadAsync(http, AdminJsonContext.Default.AdminEntryInput, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        if (!string.IsNullOrEmpty(input.Id) && input.Id != id)
        {
            return Invalid([new("id", "The id in the body differs from the id in the URL.")]);
        }

        return await SaveAsync(http, editor, checks, logger, ToEntry(input, id), ifMatch, input.Note, created: false, cancellationToken);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, IFaqEditor editor, EntryChecks checks, ILogger logger, FaqEntry entry, string? ifMatch, string? note, bool created, CancellationToken cancellationToken)
    {
        var blocking = checks.Blocking(entry);
        if (blocking.Count > 0)
        {
            return Invalid(blocking);
        }

        var editorName = Identity(http).Editor;
        var result = await editor.SaveDraftAsync(entry, ifMatch, editorName, note, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, entry.Id, ifMatch, result, cancellationToken);
        }

        Log.Acted(logger, editorName, created ? "created" : "saved the draft of", entry.Id);
        var view = View(http, result.Entry!, checks);
        return created ? Results.Created($"/api/admin/faq/{entry.Id}", ViewModel(result.Entry!, checks)) : view;
    }

    private static async Task<IResult> PublishAsync(string id, HttpContext http, IFaqEditor editor, EntryChecks checks, IFaqIndexRefresh refresh, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var current = await editor.GetEditableAsync(id, cancellationToken);
        if (current?.Current is { } candidate && checks.Blocking(candidate) is { Count: > 0 } blocking)
        {
            return Invalid(blocking);
        }

        var ifMatch = IfMatch(http);
        var result = await editor.PublishAsync(id, ifMatch, Identity(http).Editor, http.Request.Query["note"].ToString() is { Length: > 0 } n ? n : null, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, id, ifMatch, result, cancellationToken);
        }

        Log.Acted(logger, Identity(http).Editor, "published", id);
        return View(http, result.Entry!, checks);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, IFaqEditor editor, EntryChecks checks, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch(http);
        if (ifMatch is null)
        {
            return Results.Problem("Send the entry's ETag in If-Match (from GET).", statusCode: 428, title: "If-Match required");
        }

        var reason = http.Request.Query["reason"].ToString().Trim();
        if (reason.Length == 0)
        {
            return Invalid([new("reason", "Say why the entry is deleted (?reason=…); it is kept in the history.")]);
        }

        var result = await editor.SoftDeleteAsync(id, ifMatch, Identity(http).Editor, reason, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, id, ifMatch, result, cancellationToken);
        }

        Log.Acted(logger, Identity(http).Editor, "deleted", id);
        return Results.NoContent();
    }

    private static async Task<IResult> HistoryAsync(string id, IFaqStore store, CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(id, cancellationToken);
        return history.Count == 0
            ? NotFound("entry", id)
            : Json<IReadOnlyList<AdminRevision>>([.. history.Select(Revision)], AdminJsonContext.Default.IReadOnlyListAdminRevision);
    }

    private static async Task<IResult> RevisionAsync(string id, long revision, IFaqEditor editor, CancellationToken cancellationToken)
    {
        var record = await editor.GetRevisionAsync(id, revision, cancellationToken);
        if (record is null)
        {
            return NotFound("revision", id + "/" + revision.ToString(CultureInfo.InvariantCulture));
        }

        var current = await editor.GetEditableAsync(id, cancellationToken);
        return Json(new AdminRevisionDetail(Revision(record), record.Entry, FaqDiff.Compare(record.Entry, current?.Current)), AdminJsonContext.Default.AdminRevisionDetail);
    }

    private static async Task<IResult> RestoreAsync(string id, long revision, HttpContext http, IFaqEditor editor, EntryChecks checks, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var ifMatch = IfMatch(http);
        var result = await editor.RestoreAsync(id, revision, ifMatch, Identity(http).Editor, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, id, ifMatch, result, cancellationToken);
        }

        Log.Acted(logger, Identity(http).Editor, "restored revision " + revision.ToString(CultureInfo.InvariantCulture) + " of", id);
        return View(http, result.Entry!, checks);
    }

    private static async Task<IResult> CardAsync(string id, HttpContext http, IFaqEditor editor, EntryChecks checks, CancellationToken cancellationToken)
    {
        var entry = await editor.GetEditableAsync(id, cancellationToken);
        var version = http.Request.Query["version"].ToString() == "published" ? entry?.Published : entry?.Current;
        return version is null ? NotFound("entry", id) : Results.Text(checks.RenderCard(version, Locale(http)), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, IFaqStore store, EntryChecks checks, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(http, AdminJsonContext.Default.AdminEntryInput, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var entry = ToEntry(input, string.IsNullOrWhiteSpace(input.Id) ? "podglad" : input.Id);
        var errors = (await store.ValidateAsync(entry, cancellationToken)).Concat(checks.Blocking(entry)).ToArray();
        var card = errors.Any(e => e.Field is "question" or "answer") ? null : System.Text.Json.Nodes.JsonNode.Parse(checks.RenderCard(entry, Locale(http)));
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["valid"] = errors.Length == 0,
            ["errors"] = new System.Text.Json.Nodes.JsonArray([.. errors.Select(e => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["field"] = e.Field, ["message"] = e.Message })]),
            ["card"] = card,
        };
        return Results.Text(body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private static IResult TestAsync(HttpContext http, IFaqSearch search)
    {
        var q = http.Request.Query["q"].ToString().Trim();
        if (q.Length == 0)
        {
            return Invalid([new("q", "Type a question.")]);
        }

        var response = search.Search(q.Length > 500 ? q[..500] : q, Locale(http), 5);
        var decision = response.Decision switch { FaqDecision.Answer => "answer", FaqDecision.Suggest => "suggest", _ => "none" };
        return Json(new AdminTestResult(q, decision, [.. response.Results.Select(r => new AdminTestHit(r.Id, r.Question, Math.Round(r.Confidence, 3)))]), AdminJsonContext.Default.AdminTestResult);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IFaqEditor editor, IFaqStore store, CancellationToken cancellationToken)
    {
        // The editor's current text of each entry (draft if any), with its publication state, so an import round-trips.
        var entries = (await editor.ListEditableAsync(false, cancellationToken)).Select(e => e.Current!).ToArray();
        var format = http.Request.Query["format"].ToString();
        if (format == "csv")
        {
            return Results.File(Encoding.UTF8.GetBytes(FaqCsv.Write(entries)), "text/csv; charset=utf-8", "faq.csv");
        }

        if (format is not ("" or "json"))
        {
            return Invalid([new("format", "Must be 'json' or 'csv'.")]);
        }

        var version = await store.GetVersionAsync(cancellationToken);
        var document = new FaqSeedDocument((int)Math.Min(version, int.MaxValue), "ConsultBot knowledge base exported at store version " + version.ToString(CultureInfo.InvariantCulture), entries);
        return Json(document, AdminJsonContext.Default.FaqSeedDocument);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, IFaqEditor editor, IFaqStore store, EntryChecks checks, ILogger<AdminAuthenticator> logger, CancellationToken cancellationToken)
    {
        var apply = string.Equals(http.Request.Query["apply"], "true", StringComparison.OrdinalIgnoreCase);
        var rows = new List<(int Row, FaqEntry Entry)>();
        var rejected = new List<ImportRejection>();
        if (http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var (entries, errors) = FaqCsv.Read(await reader.ReadToEndAsync(cancellationToken));
            rows.AddRange(entries);
            rejected.AddRange(errors.Select(e => new ImportRejection(e.Row, null, e.Field, e.Message)));
        }
        else
        {
            var (document, problem) = await ReadAsync(http, AdminJsonContext.Default.FaqSeedDocument, cancellationToken);
            if (document is null)
            {
                return problem!;
            }

            rows.AddRange((document.Entries ?? []).Select((e, i) => (i + 1, e)));
        }

        var current = (await editor.ListEditableAsync(true, cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var importIds = rows.Select(r => r.Entry.Id).ToHashSet(StringComparer.Ordinal);
        var live = current.Values.Where(e => !e.IsDeleted).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        var changed = new List<string>();
        var unchanged = new List<string>();
        foreach (var duplicate in rows.GroupBy(r => r.Entry.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            rejected.Add(new(duplicate.Row, duplicate.Entry.Id, "id", "The id appears more than once in the import."));
        }

        foreach (var (row, entry) in rows)
        {
            var errors = FaqEntryValidator.Validate(entry, r => importIds.Contains(r) || live.Contains(r)).Concat(checks.Blocking(entry)).ToArray();
            rejected.AddRange(errors.Select(e => new ImportRejection(row, entry.Id, e.Field, e.Message)));
            if (errors.Length > 0)
            {
                continue;
            }

            if (!current.TryGetValue(entry.Id, out var existing) || existing.IsDeleted)
            {
                added.Add(entry.Id);
            }
            else if (existing.Current is { } old && FaqStore.ChangedFields(old, entry with { UpdatedAt = old.UpdatedAt, UpdatedBy = old.UpdatedBy }).Count == 0)
            {
                unchanged.Add(entry.Id);
            }
            else
            {
                changed.Add(entry.Id);
            }
        }

        if (rows.Count == 0 && rejected.Count == 0)
        {
            rejected.Add(new(0, null, "entries", "The import has no entries."));
        }

        rejected.Sort((a, b) => a.Row.CompareTo(b.Row));
        if (rejected.Count > 0 || !apply)
        {
            var report = new ImportReport(!apply, false, added, changed, unchanged, rejected);
            return Results.Json(report, AdminJsonContext.Default.ImportReport, statusCode: rejected.Count > 0 ? 422 : 200);
        }

        var result = await store.ImportAsync([.. rows.Select(r => r.Entry)], Identity(http).Editor, cancellationToken);
        if (!result.Imported)
        {
            return Results.Json(new ImportReport(false, false, added, changed, unchanged, [.. result.Errors.Select(e => new ImportRejection(0, null, e.Field, e.Message))]), AdminJsonContext.Default.ImportReport, statusCode: 422);
        }

        Log.Acted(logger, Identity(http).Editor, "imported", result.Count.ToString(CultureInfo.InvariantCulture) + " entries");
        return Json(new ImportReport(false, true, added, changed, unchanged, []), AdminJsonContext.Default.ImportReport);
    }

    private static async Task<IResult> ReviewAsync(ReviewService review, CancellationToken cancellationToken) =>
        Json(await review.ListAsync(cancellationToken), AdminJsonContext.Default.ReviewList);

    private static async Task<IResult> PhrasingsAsync(string groupId, HttpContext http, ReviewService review, IFaqEditor editor, EntryChecks checks, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, AdminJsonContext.Default.PhrasingsRequest, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        var group = await review.FindAsync(groupId, cancellationToken);
        if (group is null)
        {
            return NotFound("review group", groupId);
        }

        var result = await AdminActions.AddPhrasingsAsync(editor, request.EntryId, request.Questions ?? [.. group.Value.View.Questions.Select(q => q.Text)], request.Publish, Identity(http).Editor, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, request.EntryId, null, result, cancellationToken);
        }

        await review.CloseAsync(group.Value.Keys, cancellationToken);
        return View(http, result.Entry!, checks);
    }

    private static async Task<IResult> EntryFromGroupAsync(string groupId, HttpContext http, ReviewService review, IFaqEditor editor, EntryChecks checks, CancellationToken cancellationToken)
    {
        var group = await review.FindAsync(groupId, cancellationToken);
        if (group is null)
        {
            return NotFound("review group", groupId);
        }

        var result = await AdminActions.DraftFromGroupAsync(editor, group.Value.View, Identity(http).Editor, cancellationToken);
        if (result.Status != FaqWriteStatus.Saved)
        {
            return await FailureAsync(http, editor, checks, "-", null, result, cancellationToken);
        }

        await review.CloseAsync(group.Value.Keys, cancellationToken);
        return Results.Created($"/api/admin/faq/{result.Entry!.Id}", ViewModel(result.Entry, checks));
    }

    private static async Task<IResult> DismissAsync(string groupId, ReviewService review, CancellationToken cancellationToken)
    {
        var group = await review.FindAsync(groupId, cancellationToken);
        if (group is null)
        {
            return NotFound("review group", groupId);
        }

        await review.CloseAsync(group.Value.Keys, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> SynonymsAsync(HttpContext http, IFaqSynonyms synonyms, CancellationToken cancellationToken)
    {
        var stored = await synonyms.GetAsync(cancellationToken);
        if (stored is { } s)
        {
            http.Response.Headers.ETag = Quote(s.ETag);
        }

        return Json(new SynonymsView(stored?.Document.Groups ?? [], stored?.ETag, stored is null), AdminJsonContext.Default.SynonymsView);
    }

    private static async Task<IResult> PutSynonymsAsync(HttpContext http, IFaqSynonyms synonyms, IFaqIndexRefresh refresh, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(http, AdminJsonContext.Default.SynonymsInput, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        var errors = new List<FaqValidationError>();
        var groups = new List<FaqSynonymGroup>();
        foreach (var (group, i) in (input.Groups ?? []).Select((g, i) => (g, i)))
        {
            var terms = (group.Terms ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToArray();
            if (terms.Length < 2 || terms.Any(t => t.Length > 80 || t.Contains('<', StringComparison.Ordinal)))
            {
                errors.Add(new($"groups[{i}]", "A group needs at least two different terms (each at most 80 characters)."));
            }

            groups.Add(new FaqSynonymGroup(terms));
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var etag = await synonyms.SaveAsync(groups, IfMatch(http), Identity(http).Editor, cancellationToken);
        if (etag is null)
        {
            return Results.Problem("The synonyms were changed by someone else (or exist already: send If-Match); read them again.", statusCode: 412, title: "ETag mismatch");
        }

        // This instance re-indexes now; the others at their next poll of the store version.
        await refresh.RefreshAsync(cancellationToken);
        http.Response.Headers.ETag = Quote(etag);
        return Json(new SynonymsView(groups, etag, false), AdminJsonContext.Default.SynonymsView);
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext http, AdminKeyStore keys, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(http, AdminJsonContext.Default.KeyCreateRequest, cancellationToken);
        if (input is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 80)
        {
            return Invalid([new("name", "Name the key (who or what uses it), at most 80 characters.")]);
        }

        var created = await keys.CreateAsync(input.Name, Identity(http).Editor, cancellationToken);
        return Results.Json(created, AdminJsonContext.Default.AdminKeyCreated, statusCode: 201);
    }

    /// <summary>412 carries what is stored now and the revisions since the editor's version, so they can merge.</summary>
    private static async Task<IResult> FailureAsync(HttpContext http, IFaqEditor editor, EntryChecks checks, string id, string? ifMatch, FaqEditResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case FaqWriteStatus.Invalid:
                return Invalid(result.Errors);
            case FaqWriteStatus.NotFound:
                return NotFound("entry", id);
        }

        var current = await editor.GetEditableAsync(id, cancellationToken);
        if (current is null && ifMatch is null)
        {
            return Results.Problem($"Entry '{id}' exists or was deleted; restore it from its history.", statusCode: 409, title: "Entry exists");
        }

        var history = await http.RequestServices.GetRequiredService<IFaqStore>().GetHistoryAsync(id, cancellationToken);
        var since = history.Where(h => current is null || h.Version > 0).TakeLast(5).Select(Revision).ToArray();
        var conflict = new AdminConflict(
            "The entry was changed meanwhile",
            "Someone saved this entry after you opened it. Nothing of yours was saved; compare with the current version below and apply your change again.",
            current is null ? null : ViewModel(current, checks),
            since);
        if (current is not null)
        {
            http.Response.Headers.ETag = Quote(current.ETag);
        }

        return Results.Json(conflict, AdminJsonContext.Default.AdminConflict, contentType: "application/problem+json", statusCode: 412);
    }

    private static IResult View(HttpContext http, FaqEditableEntry entry, EntryChecks checks)
    {
        http.Response.Headers.ETag = Quote(entry.ETag);
        return Json(ViewModel(entry, checks), AdminJsonContext.Default.AdminEntryView);
    }

    internal static AdminEntryView ViewModel(FaqEditableEntry entry, EntryChecks checks) =>
        new(entry.Id, State(entry), entry.Published, entry.Draft, entry.Deleted, entry.ETag, entry.Version, entry.Current is { } c ? checks.Advisory(c) : []);

    internal static string State(FaqEditableEntry e) =>
        e.IsDeleted ? "deleted" : e.Published is null ? "draft" : e.Draft is null ? "published" : "published-with-draft";

    private static AdminEntrySummary Summary(FaqEditableEntry e)
    {
        var c = e.Current;
        return new(e.Id, State(e), c?.Question ?? string.Empty, c?.Category ?? string.Empty, c?.Language ?? FaqLocale.Polish, c?.TranslationFor(FaqLocale.English) is not null,
            c?.UpdatedAt ?? e.Deleted?.At ?? default, c?.UpdatedBy ?? e.Deleted?.By ?? string.Empty, e.ETag);
    }

    private static AdminRevision Revision(FaqHistoryRecord h) => new(h.Version, h.Action, h.By, h.At, h.Changed, h.Note);

    internal static FaqEntry ToEntry(AdminEntryInput input, string id) =>
        new(id, input.Question?.Trim() ?? string.Empty, [.. (input.Alternatives ?? []).Select(a => a.Trim())], input.Answer?.Trim() ?? string.Empty,
            input.Category?.Trim() ?? "ogólne", [.. input.Tags ?? []], [.. input.Related ?? []], input.Source?.Trim() ?? "Centrum Konsultacyjne",
            input.Language ?? FaqLocale.Polish, FaqStatus.Draft, default, string.Empty, input.Translations);

    private static string Locale(HttpContext http) => http.Request.Query["locale"].ToString() == FaqLocale.English ? FaqLocale.English : FaqLocale.Polish;

    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(http.Request.Body, typeInfo, cancellationToken);
            return value is null ? (null, Invalid([new("body", "A JSON object is required.")])) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return (null, Invalid([new(field, "Invalid JSON value.")]));
        }
    }

    private static IResult Invalid(IReadOnlyList<FaqValidationError> errors) =>
        Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "Not valid; nothing was saved.");

    private static IResult NotFound(string what, string id) => Results.Problem($"No {what} '{id}'.", statusCode: 404, title: "Not found");

    private static IResult Json<T>(T value, JsonTypeInfo<T> typeInfo) => Results.Json(value, typeInfo);

    private static string? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0)
        {
            return null;
        }

        return (value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value).Trim('"');
    }

    private static string Quote(string etag) => "\"" + etag + "\"";
}
