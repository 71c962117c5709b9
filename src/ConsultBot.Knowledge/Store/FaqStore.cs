using System.Globalization;
using System.Text.Json;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Knowledge.Store;

/// <summary>
/// <see cref="IFaqStore"/> over <see cref="IStorage"/> with key prefixes:
/// <c>knowledge/entries/{id}</c> (tombstone after a delete), <c>knowledge/history/{id}/{version}</c>,
/// <c>knowledge/meta</c>. Each change is one atomic multi-key write (entry + history + meta), so the
/// meta version never runs ahead of, or behind, the entries other instances will read.
/// </summary>
internal sealed partial class FaqStore(
    IStorage storage,
    TimeProvider timeProvider,
    IEnumerable<IFaqChangeObserver> observers,
    ILogger<FaqStore> logger,
    Func<FaqSeedDocument>? seed = null) : IFaqStore
{
    public const string EntriesPrefix = "knowledge/entries/";
    public const string HistoryPrefix = "knowledge/history/";
    public const string MetaKey = "knowledge/meta";
    private const int Attempts = 8;

    private readonly Func<FaqSeedDocument> _seed = seed ?? FaqSeedLoader.LoadEmbedded;

    public static string EntryKey(string id) => EntriesPrefix + id;

    public static string HistoryKey(string id, long version) =>
        HistoryPrefix + id + "/" + version.ToString("D12", CultureInfo.InvariantCulture);

    public async Task<FaqSeedResult> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        var document = _seed();
        for (var attempt = 1; ; attempt++)
        {
            var existing = await ReadDocumentsAsync(storage, cancellationToken);
            var known = existing.Select(d => d.Value.Id).ToHashSet(StringComparer.Ordinal);
            var fresh = new List<FaqEntry>();

            // One probe instead of a listing per seed id: a fresh store (the first start) has no history at all.
            var anyHistory = known.Count < document.Entries.Count && (await storage.ListAsync(HistoryPrefix, 1, cancellationToken)).Count > 0;
            foreach (var entry in document.Entries)
            {
                // Tombstones count as "had": an entry an admin deleted does not come back with a redeploy.
                if (!known.Contains(entry.Id) && !(anyHistory && await HadHistoryAsync(entry.Id, cancellationToken)))
                {
                    fresh.Add(entry);
                }
            }

            if (fresh.Count == 0)
            {
                return new FaqSeedResult(false, 0);
            }

            var seededBefore = existing.Count > 0;
            var meta = await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken);
            var version = (meta?.Value.Version ?? 0) + 1;
            var now = timeProvider.GetUtcNow();
            var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
            var docs = new List<FaqEntryDocument>(fresh.Count);
            var linkable = existing.Where(d => d.Value.Entry is not null).Select(d => d.Value.Id).Concat(fresh.Select(e => e.Id)).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in fresh)
            {
                // A new seed id may reference entries the admins deleted: drop those links rather than refuse the entry.
                var related = entry.Related.Where(linkable.Contains).ToArray();
                var doc = new FaqEntryDocument(entry.Id, version, entry with { Related = related });
                docs.Add(doc);
                changes[EntryKey(entry.Id)] = Item(doc, StoreItem.CreateOnly);
                changes[HistoryKey(entry.Id, version)] = Item(new FaqHistoryRecord(entry.Id, version, "seeded", "seed v" + document.Version.ToString(CultureInfo.InvariantCulture), now, [], doc.Entry), StoreItem.CreateOnly);
            }

            changes[MetaKey] = Item(new FaqMetaDocument(version, document.Version, now), meta?.ETag ?? StoreItem.CreateOnly);
            try
            {
                await storage.WriteAsync(changes, cancellationToken);
            }
            catch (EtagException) when (attempt < Attempts)
            {
                // Another instance seeded or wrote at the same time: look again.
                continue;
            }

            Log.Seeded(logger, fresh.Count, document.Version, seededBefore);
            Notify(docs);
            return new FaqSeedResult(!seededBefore, fresh.Count);
        }
    }

    public async Task<FaqStoredEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!FaqEntryValidator.IsValidId(id))
        {
            return null;
        }

        var stored = await storage.ReadAsync(EntryKey(id), KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken);
        return stored?.Value.Entry is { } entry ? new FaqStoredEntry(entry, stored.ETag, stored.Value.Version) : null;
    }

    public async Task<IReadOnlyList<FaqStoredEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var documents = await ReadDocumentsAsync(storage, cancellationToken);
        return [.. documents.Where(d => d.Value.Entry is not null).Select(d => new FaqStoredEntry(d.Value.Entry!, d.ETag, d.Value.Version))];
    }

    public async Task<IReadOnlyList<FaqValidationError>> ValidateAsync(FaqEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var live = await LiveIdsAsync(cancellationToken);
        return FaqEntryValidator.Validate(entry, live.Contains);
    }

    public async Task<FaqWriteResult> UpsertAsync(FaqEntry entry, string? ifMatch, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = await ValidateAsync(entry, cancellationToken);
        if (errors.Count > 0)
        {
            Log.Rejected(logger, entry.Id, string.Join(",", errors.Select(e => e.Field).Distinct()));
            return FaqWriteResult.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var key = EntryKey(entry.Id);
            var current = await storage.ReadAsync(key, KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken);
            var live = current?.Value.Entry;
            if (IsConditional(ifMatch) && (live is null || !string.Equals(current!.ETag, ifMatch, StringComparison.Ordinal)))
            {
                return FaqWriteResult.Conflict;
            }

            var stamped = entry with { UpdatedAt = timeProvider.GetUtcNow(), UpdatedBy = by };
            var changed = live is null ? [] : ChangedFields(live, stamped);
            if (live is not null && changed.Count == 0)
            {
                return new FaqWriteResult(FaqWriteStatus.Saved, new FaqStoredEntry(live, current!.ETag, current.Value.Version), []);
            }

            var result = await TryWriteAsync(key, current?.ETag ?? StoreItem.CreateOnly, entry.Id, stamped, live is null ? "created" : "updated", by, changed, cancellationToken);
            if (result is not null)
            {
                return result;
            }

            if (attempt >= Attempts)
            {
                return FaqWriteResult.Conflict;
            }
        }
    }

    public async Task<FaqWriteResult> DeleteAsync(string id, string? ifMatch, string by, CancellationToken cancellationToken)
    {
        if (!FaqEntryValidator.IsValidId(id))
        {
            return FaqWriteResult.NotFound;
        }

        for (var attempt = 1; ; attempt++)
        {
            var key = EntryKey(id);
            var current = await storage.ReadAsync(key, KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken);
            if (current?.Value.Entry is null)
            {
                return FaqWriteResult.NotFound;
            }

            if (IsConditional(ifMatch) && !string.Equals(current.ETag, ifMatch, StringComparison.Ordinal))
            {
                return FaqWriteResult.Conflict;
            }

            var result = await TryWriteAsync(key, current.ETag, id, null, "deleted", by, [], cancellationToken);
            if (result is not null)
            {
                return result with { Entry = null };
            }

            if (attempt >= Attempts)
            {
                return FaqWriteResult.Conflict;
            }
        }
    }

    public async Task<IReadOnlyList<FaqHistoryRecord>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        if (!FaqEntryValidator.IsValidId(id))
        {
            return [];
        }

        var items = await storage.ListAsync(HistoryPrefix + id + "/", KnowledgeStoreJsonContext.Default.FaqHistoryRecord, cancellationToken);
        return [.. items.Select(i => i.Value)];
    }

    public async Task<FaqImportResult> ImportAsync(IReadOnlyList<FaqEntry> entries, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var live = await LiveIdsAsync(cancellationToken);
        var importIds = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var errors = new List<FaqValidationError>();
        foreach (var group in entries.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(group.Key + ":id", "Duplicate id in the import."));
        }

        foreach (var entry in entries)
        {
            errors.AddRange(FaqEntryValidator.Validate(entry, r => importIds.Contains(r) || live.Contains(r))
                .Select(e => e with { Field = entry.Id + ":" + e.Field }));
        }

        if (errors.Count > 0 || entries.Count == 0)
        {
            return new FaqImportResult(false, 0, errors.Count > 0 ? errors : [new("entries", "The import has no entries.")]);
        }

        for (var attempt = 1; ; attempt++)
        {
            var documents = (await ReadDocumentsAsync(storage, cancellationToken)).ToDictionary(d => d.Value.Id, StringComparer.Ordinal);
            var meta = await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken);
            var version = (meta?.Value.Version ?? 0) + 1;
            var now = timeProvider.GetUtcNow();
            var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
            var written = new List<FaqEntryDocument>();
            foreach (var entry in entries)
            {
                documents.TryGetValue(entry.Id, out var current);
                var stamped = entry with { UpdatedAt = now, UpdatedBy = by };
                var changed = current?.Value.Entry is { } old ? ChangedFields(old, stamped) : null;
                if (changed is { Count: 0 })
                {
                    continue;
                }

                var doc = new FaqEntryDocument(entry.Id, version, stamped);
                written.Add(doc);
                changes[EntryKey(entry.Id)] = Item(doc, current?.ETag ?? StoreItem.CreateOnly);
                changes[HistoryKey(entry.Id, version)] = Item(new FaqHistoryRecord(entry.Id, version, "imported", by, now, changed ?? [], stamped), StoreItem.CreateOnly);
            }

            if (written.Count == 0)
            {
                return new FaqImportResult(true, 0, []);
            }

            changes[MetaKey] = Item(new FaqMetaDocument(version, meta?.Value.SeedVersion ?? 0, now), meta?.ETag ?? StoreItem.CreateOnly);
            try
            {
                await storage.WriteAsync(changes, cancellationToken);
            }
            catch (EtagException) when (attempt < Attempts)
            {
                continue;
            }

            Log.Imported(logger, written.Count, by);
            Notify(written);
            return new FaqImportResult(true, written.Count, []);
        }
    }

    public async Task<long> GetVersionAsync(CancellationToken cancellationToken) =>
        (await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken))?.Value.Version ?? 0;

    /// <summary>All entry documents, tombstones included. Shared with the index synchronizer.</summary>
    internal static Task<IReadOnlyList<Stored<FaqEntryDocument>>> ReadDocumentsAsync(IStorage storage, CancellationToken cancellationToken) =>
        storage.ListAsync(EntriesPrefix, KnowledgeStoreJsonContext.Default.FaqEntryDocument, cancellationToken, limit: 100_000);

    /// <summary>Field names (JSON) that differ, ignoring the update stamp.</summary>
    internal static List<string> ChangedFields(FaqEntry before, FaqEntry after)
    {
        var changed = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                changed.Add(name);
            }
        }

        Check("question", before.Question == after.Question);
        Check("alternatives", before.Alternatives.SequenceEqual(after.Alternatives));
        Check("answer", before.Answer == after.Answer);
        Check("category", before.Category == after.Category);
        Check("tags", before.Tags.SequenceEqual(after.Tags));
        Check("related", before.Related.SequenceEqual(after.Related));
        Check("source", before.Source == after.Source);
        Check("language", before.Language == after.Language);
        Check("status", before.Status == after.Status);
        Check("translations", TranslationsJson(before) == TranslationsJson(after));
        return changed;
    }

    private static string TranslationsJson(FaqEntry e) =>
        e.Translations is null or { Count: 0 } ? string.Empty
            : JsonSerializer.Serialize(e with { Question = string.Empty, Alternatives = [], Answer = string.Empty, UpdatedAt = default, UpdatedBy = string.Empty }, KnowledgeStoreJsonContext.Default.FaqEntry);

    private static bool IsConditional(string? ifMatch) => !string.IsNullOrEmpty(ifMatch) && ifMatch != StoreItem.Any;

    private static StoreItem Item<T>(T value, string condition) =>
        new(JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)KnowledgeStoreJsonContext.Default.GetTypeInfo(typeof(T))!), condition);

    /// <returns>The result, or null when another writer won a race and the caller should re-read and retry.</returns>
    private async Task<FaqWriteResult?> TryWriteAsync(string key, string condition, string id, FaqEntry? entry, string action, string by, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        var meta = await storage.ReadAsync(MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken);
        var version = (meta?.Value.Version ?? 0) + 1;
        var now = timeProvider.GetUtcNow();
        var doc = new FaqEntryDocument(id, version, entry);
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal)
        {
            [key] = Item(doc, condition),
            [HistoryKey(id, version)] = Item(new FaqHistoryRecord(id, version, action, by, now, changed, entry), StoreItem.CreateOnly),
            [MetaKey] = Item(new FaqMetaDocument(version, meta?.Value.SeedVersion ?? 0, now), meta?.ETag ?? StoreItem.CreateOnly),
        };
        IReadOnlyDictionary<string, string> etags;
        try
        {
            etags = await storage.WriteAsync(changes, cancellationToken);
        }
        catch (EtagException)
        {
            return null;
        }

        Log.Changed(logger, id, action, version);
        Notify([doc]);
        return new FaqWriteResult(FaqWriteStatus.Saved, entry is null ? null : new FaqStoredEntry(entry, etags[key], version), []);
    }

    private async Task<bool> HadHistoryAsync(string id, CancellationToken cancellationToken) =>
        (await storage.ListAsync(HistoryPrefix + id + "/", 1, cancellationToken)).Count > 0;

    private async Task<HashSet<string>> LiveIdsAsync(CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync(storage, cancellationToken)).Where(d => d.Value.Entry is not null).Select(d => d.Value.Id).ToHashSet(StringComparer.Ordinal);

    private void Notify(IEnumerable<FaqEntryDocument> documents)
    {
        foreach (var document in documents)
        {
            foreach (var observer in observers)
            {
                observer.OnChanged(document);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "FAQ store seeded: {Count} entries from seed v{SeedVersion} (store already had entries: {HadEntries})")]
        public static partial void Seeded(ILogger logger, int count, int seedVersion, bool hadEntries);

        [LoggerMessage(6101, LogLevel.Information, "FAQ entry {Id} {Action} (store version {Version})")]
        public static partial void Changed(ILogger logger, string id, string action, long version);

        [LoggerMessage(6102, LogLevel.Information, "FAQ entry {Id} rejected: invalid {Fields}")]
        public static partial void Rejected(ILogger logger, string id, string fields);

        [LoggerMessage(6103, LogLevel.Information, "FAQ import: {Count} entries written by {By}")]
        public static partial void Imported(ILogger logger, int count, string by);
    }
}
