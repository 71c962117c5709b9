using ConsultBot.Protocol.State;

namespace ConsultBot.Knowledge.Store;

/// <summary>The admins' operations (<see cref="IFaqEditor"/>) and the synonyms document (<see cref="IFaqSynonyms"/>).</summary>
internal sealed partial class FaqStore : IFaqEditor, IFaqSynonyms
{
    public const string SynonymsKey = "knowledge/synonyms";

    public async Task<FaqEditableEntry?> GetEditableAsync(string id, CancellationToken cancellationToken)
    {
        if (!FaqEntryValidator.IsValidId(id))
        {
            return null;
        }

        var stored = await storage.ReadAsync(EntryKey(id), KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken);
        return stored is null ? null : Editable(stored.Value, stored.ETag);
    }

    public async Task<IReadOnlyList<FaqEditableEntry>> ListEditableAsync(bool includeDeleted, CancellationToken cancellationToken)
    {
        var documents = await ReadDocumentsAsync(storage, cancellationToken);
        return [.. documents.Select(d => Editable(d.Value, d.ETag)).Where(e => includeDeleted || !e.IsDeleted).OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    public async Task<FaqEditResult> SaveDraftAsync(FaqEntry draft, string? ifMatch, string by, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = await ValidateAsync(draft, cancellationToken);
        if (errors.Count > 0)
        {
            Log.Rejected(logger, draft.Id, string.Join(",", errors.Select(e => e.Field).Distinct()));
            return FaqEditResult.Invalid(errors);
        }

        return await EditAsync(draft.Id, ifMatch, requireMatch: false, by, cancellationToken, (current, now) =>
        {
            var stamped = draft with { Status = FaqStatus.Draft, UpdatedAt = now, UpdatedBy = by };
            if (current is null || current.Entry is null)
            {
                // New (or re-created after a delete): only without If-Match, so a stale editor cannot resurrect silently.
                return ifMatch is null && (current is null || current.Deleted is null)
                    ? new Change(new FaqEntryDocument(draft.Id, 0, stamped), "created", [], stamped, note)
                    : null;
            }

            if (ifMatch is null)
            {
                return null;
            }

            var before = current.Draft ?? current.Entry;
            var changed = ChangedFields(before, stamped with { Status = before.Status });
            var next = current.Entry.Status == FaqStatus.Published
                ? current with { Draft = stamped }
                : current with { Entry = stamped, Draft = null };
            return new Change(next, "draft-saved", changed, stamped, note);
        });
    }

    public async Task<FaqEditResult> PublishAsync(string id, string? ifMatch, string by, string? note, CancellationToken cancellationToken)
    {
        var current = await GetEditableAsync(id, cancellationToken);
        if (current?.Current is not { } candidate || current.IsDeleted)
        {
            return FaqEditResult.NotFound;
        }

        // Related ids may have been deleted since the draft was saved: publishing re-checks everything.
        var errors = await ValidateAsync(candidate with { Status = FaqStatus.Published }, cancellationToken);
        if (errors.Count > 0)
        {
            return FaqEditResult.Invalid(errors);
        }

        return await EditAsync(id, ifMatch, requireMatch: false, by, cancellationToken, (doc, now) =>
        {
            if (doc?.Entry is null)
            {
                return null;
            }

            var source = doc.Draft ?? doc.Entry;
            if (doc.Draft is null && doc.Entry.Status == FaqStatus.Published)
            {
                return Change.Nothing;
            }

            var published = source with { Status = FaqStatus.Published, UpdatedAt = now, UpdatedBy = by };
            var changed = doc.Entry.Status == FaqStatus.Published ? ChangedFields(doc.Entry, published) : ["status"];
            return new Change(doc with { Entry = published, Draft = null }, "published", changed, published, note);
        });
    }

    public Task<FaqEditResult> SoftDeleteAsync(string id, string ifMatch, string by, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return EditAsync(id, ifMatch, requireMatch: true, by, cancellationToken, (doc, now) =>
            doc?.Entry is null
                ? null
                : new Change(new FaqEntryDocument(id, 0, null, null, new FaqDeletion(reason.Trim(), by, now)), "deleted", [], null, reason.Trim()));
    }

    public async Task<FaqEditResult> RestoreAsync(string id, long revision, string? ifMatch, string by, CancellationToken cancellationToken)
    {
        var record = await GetRevisionAsync(id, revision, cancellationToken);
        if (record?.Entry is null)
        {
            return FaqEditResult.NotFound;
        }

        // Related entries of an old revision may be gone since: keep only the links that still resolve.
        var live = await LiveIdsAsync(cancellationToken);
        var restored = record.Entry with { Related = [.. record.Entry.Related.Where(live.Contains)] };
        var errors = FaqEntryValidator.Validate(restored, live.Contains);
        if (errors.Count > 0)
        {
            return FaqEditResult.Invalid(errors);
        }

        var note = "restored revision " + revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await EditAsync(id, ifMatch, requireMatch: false, by, cancellationToken, (doc, now) =>
        {
            var draft = restored with { Status = FaqStatus.Draft, UpdatedAt = now, UpdatedBy = by };
            if (doc?.Entry is { Status: FaqStatus.Published } published)
            {
                return new Change(doc with { Draft = draft }, "restored", ChangedFields(doc.Draft ?? published, draft with { Status = published.Status }), draft, note);
            }

            return new Change(new FaqEntryDocument(id, 0, draft), "restored", doc?.Entry is { } old ? ChangedFields(old, draft) : [], draft, note);
        });
    }

    public async Task<FaqHistoryRecord?> GetRevisionAsync(string id, long revision, CancellationToken cancellationToken) =>
        FaqEntryValidator.IsValidId(id) && revision > 0
            ? (await storage.ReadAsync(HistoryKey(id, revision), KnowledgeStoreJsonContext.Default.FaqHistoryRecord, cancellationToken))?.Value
            : null;

    async Task<(FaqSynonymsDocument Document, string ETag)?> IFaqSynonyms.GetAsync(CancellationToken cancellationToken)
    {
        var stored = await storage.ReadAsync(SynonymsKey, KnowledgeStoreJsonContext.Default.FaqSynonymsDocument, cancellationToken);
        return stored is null ? null : (stored.Value, stored.ETag);
    }

    public async Task<string?> SaveAsync(IReadOnlyList<FaqSynonymGroup> groups, string? ifMatch, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var meta = await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken);
        var version = (meta?.Value.Version ?? 0) + 1;
        var now = timeProvider.GetUtcNow();
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal)
        {
            // The meta bump is what makes every instance's sync notice the change and re-index.
            [SynonymsKey] = Item(new FaqSynonymsDocument(version, groups, by, now), ifMatch ?? StoreItem.CreateOnly),
            [MetaKey] = Item(new FaqMetaDocument(version, meta?.Value.SeedVersion ?? 0, now), meta?.ETag ?? StoreItem.CreateOnly),
        };
        try
        {
            var etags = await storage.WriteAsync(changes, cancellationToken);
            Log.Changed(logger, "synonyms", "updated", version);
            return etags[SynonymsKey];
        }
        catch (EtagException)
        {
            return null;
        }
    }

    private static FaqEditableEntry Editable(FaqEntryDocument document, string etag) =>
        new(
            document.Id,
            document.Entry is { Status: FaqStatus.Published } published ? published : null,
            document.Draft ?? (document.Entry is { Status: FaqStatus.Draft } draft ? draft : null),
            document.Entry is null ? document.Deleted ?? new FaqDeletion(string.Empty, string.Empty, default) : null,
            etag,
            document.Version);

    /// <summary>
    /// Read, check the ETag, let <paramref name="decide"/> build the next document, write it with its revision and
    /// the meta bump atomically; re-read and retry when another writer got in between (only when no If-Match pins it).
    /// </summary>
    private async Task<FaqEditResult> EditAsync(string id, string? ifMatch, bool requireMatch, string by, CancellationToken cancellationToken, Func<FaqEntryDocument?, DateTimeOffset, Change?> decide)
    {
        if (!FaqEntryValidator.IsValidId(id))
        {
            return FaqEditResult.NotFound;
        }

        for (var attempt = 1; ; attempt++)
        {
            var key = EntryKey(id);
            var current = await storage.ReadAsync(key, KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken);
            if ((requireMatch || IsConditional(ifMatch)) && (current is null || !string.Equals(current.ETag, ifMatch, StringComparison.Ordinal)))
            {
                return current is null ? FaqEditResult.NotFound : FaqEditResult.Conflict;
            }

            var now = timeProvider.GetUtcNow();
            var change = decide(current?.Value, now);
            if (change is null)
            {
                return current is null ? FaqEditResult.NotFound : FaqEditResult.Conflict;
            }

            if (ReferenceEquals(change, Change.Nothing) || change.Changed is { Count: 0 } && change.Action is "draft-saved" or "published")
            {
                return new FaqEditResult(FaqWriteStatus.Saved, Editable(current!.Value, current.ETag), []);
            }

            var meta = await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken);
            var version = (meta?.Value.Version ?? 0) + 1;
            var document = change.Document with { Version = version };
            var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [key] = Item(document, current?.ETag ?? StoreItem.CreateOnly),
                [HistoryKey(id, version)] = Item(new FaqHistoryRecord(id, version, change.Action, by, now, change.Changed, change.HistoryEntry, change.Note), StoreItem.CreateOnly),
                [MetaKey] = Item(new FaqMetaDocument(version, meta?.Value.SeedVersion ?? 0, now), meta?.ETag ?? StoreItem.CreateOnly),
            };
            IReadOnlyDictionary<string, string> etags;
            try
            {
                etags = await storage.WriteAsync(changes, cancellationToken);
            }
            catch (EtagException) when (attempt < Attempts)
            {
                continue;
            }
            catch (EtagException)
            {
                return FaqEditResult.Conflict;
            }

            Log.Changed(logger, id, change.Action, version);
            Notify([document]);
            return new FaqEditResult(FaqWriteStatus.Saved, Editable(document, etags[key]), []);
        }
    }

    private sealed record Change(FaqEntryDocument Document, string Action, IReadOnlyList<string> Changed, FaqEntry? HistoryEntry, string? Note)
    {
        public static Change Nothing { get; } = new(new FaqEntryDocument(string.Empty, 0, null), string.Empty, [], null, null);
    }
}
