using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Knowledge.Store;

/// <summary>The published entries this instance serves, by id (what the index holds).</summary>
internal interface IFaqCatalog
{
    FaqEntry? Find(string id);

    IReadOnlyList<FaqEntry> Published { get; }
}

/// <summary>
/// Keeps this instance's Lucene index equal to the store. The first sync rebuilds the index from the
/// store's published entries; later syncs read only <c>knowledge/meta</c> and, when its version moved,
/// list the entries and apply the difference in place (<see cref="IFaqIndex.Upsert"/>/<see cref="IFaqIndex.Remove"/>).
/// Writes made by this instance arrive through <see cref="OnChanged"/> and are applied at once.
/// Per-entry versions make the two paths commute: an older listing never undoes a newer local write.
/// </summary>
internal sealed partial class FaqIndexSynchronizer(IStorage storage, IFaqIndex index, ILogger<FaqIndexSynchronizer> logger, IEnumerable<IFaqSynonymSink>? synonymSinks = null)
    : IFaqChangeObserver, IKnowledgeReadiness, IFaqCatalog, IFaqIndexRefresh
{
    private readonly IFaqSynonymSink[] _synonymSinks = [.. synonymSinks ?? []];
    private long _synonymsVersion = -1;

    private readonly Lock _applyLock = new();
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    // Changes seen before the first build (e.g. the start-up seed): the build applies them in one go instead of
    // one index refresh each, which would then be thrown away by the rebuild anyway.
    private readonly Dictionary<string, FaqEntryDocument> _pending = new(StringComparer.Ordinal);
    private bool _built;
    private volatile IReadOnlyDictionary<string, FaqEntry> _published = new Dictionary<string, FaqEntry>(StringComparer.Ordinal);
    private long _indexedVersion = -1;

    public bool IsReady => Interlocked.Read(ref _indexedVersion) >= 0;

    public int IndexedEntries => index.Count;

    public long IndexedVersion => Interlocked.Read(ref _indexedVersion);

    public IReadOnlyList<FaqEntry> Published => [.. _published.Values.OrderBy(e => e.Id, StringComparer.Ordinal)];

    public FaqEntry? Find(string id) => id is not null && _published.TryGetValue(id, out var e) ? e : null;

    /// <summary>Brings the index up to the store; cheap (one read) when nothing changed.</summary>
    /// <returns>True when the index changed.</returns>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Meta first: a change that lands after the listing below bumps it again and is caught next time.
            var meta = await storage.ReadAsync(FaqStore.MetaKey, KnowledgeStoreJsonContext.Default.FaqMetaDocument, cancellationToken).ConfigureAwait(false);
            var version = meta?.Value.Version ?? 0;
            if (IsReady && version == IndexedVersion)
            {
                return false;
            }

            // Admin-edited synonyms change how every entry is analysed: hand them to the engine, then rebuild in full.
            var synonymsChanged = await ApplySynonymsAsync(cancellationToken).ConfigureAwait(false);
            var documents = await FaqStore.ReadDocumentsAsync(storage, cancellationToken).ConfigureAwait(false);
            var changed = IsReady && !synonymsChanged ? ApplyDifference(documents, version) : Build(documents);
            Interlocked.Exchange(ref _indexedVersion, Math.Max(version, IndexedVersion));
            if (changed > 0)
            {
                Log.Synced(logger, changed, version, index.Count);
            }

            return changed > 0;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    public Task RefreshAsync(CancellationToken cancellationToken) => SyncAsync(cancellationToken);

    private async Task<bool> ApplySynonymsAsync(CancellationToken cancellationToken)
    {
        if (_synonymSinks.Length == 0)
        {
            return false;
        }

        var stored = await storage.ReadAsync(FaqStore.SynonymsKey, KnowledgeStoreJsonContext.Default.FaqSynonymsDocument, cancellationToken).ConfigureAwait(false);
        var version = stored?.Value.Version ?? 0;
        if (version == _synonymsVersion)
        {
            return false;
        }

        foreach (var sink in _synonymSinks)
        {
            sink.ApplySynonyms(stored?.Value.Groups ?? []);
        }

        _synonymsVersion = version;
        return true;
    }

    public void OnChanged(FaqEntryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_applyLock)
        {
            if (!_built)
            {
                if (!_pending.TryGetValue(document.Id, out var known) || known.Version < document.Version)
                {
                    _pending[document.Id] = document;
                }

                return;
            }

            Apply(document);
        }
    }

    private int Build(IReadOnlyList<Stored<FaqEntryDocument>> documents)
    {
        lock (_applyLock)
        {
            _versions.Clear();
            var published = new Dictionary<string, FaqEntry>(StringComparer.Ordinal);
            foreach (var d in documents.Select(d => d.Value).Concat(_pending.Values))
            {
                // A pending local write may be newer than the listing (it landed after the read): newest wins.
                if (_versions.TryGetValue(d.Id, out var known) && known >= d.Version)
                {
                    continue;
                }

                _versions[d.Id] = d.Version;
                if (d.Entry is { Status: FaqStatus.Published } e)
                {
                    published[e.Id] = e;
                }
                else
                {
                    published.Remove(d.Id);
                }
            }

            _pending.Clear();
            _built = true;

            index.Rebuild(published.Values);
            _published = published;
            return Math.Max(1, published.Count);
        }
    }

    private int ApplyDifference(IReadOnlyList<Stored<FaqEntryDocument>> documents, long version)
    {
        var changed = 0;
        lock (_applyLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var d in documents)
            {
                seen.Add(d.Value.Id);
                changed += Apply(d.Value) ? 1 : 0;
            }

            // A key that vanished entirely (cleaned up by hand): drop it unless a newer local write made it.
            foreach (var id in _versions.Where(kv => !seen.Contains(kv.Key) && kv.Value <= version).Select(kv => kv.Key).ToArray())
            {
                _versions.Remove(id);
                changed += RemovePublished(id) ? 1 : 0;
            }
        }

        return changed;
    }

    /// <summary>Applies one document if it is newer than what the index has. Caller holds the lock.</summary>
    private bool Apply(FaqEntryDocument document)
    {
        if (_versions.TryGetValue(document.Id, out var known) && known >= document.Version)
        {
            return false;
        }

        _versions[document.Id] = document.Version;
        if (document.Entry is { Status: FaqStatus.Published } entry)
        {
            index.Upsert(entry);
            _published = new Dictionary<string, FaqEntry>(_published, StringComparer.Ordinal) { [entry.Id] = entry };
            return true;
        }

        return RemovePublished(document.Id);
    }

    private bool RemovePublished(string id)
    {
        index.Remove(id);
        if (!_published.ContainsKey(id))
        {
            return false;
        }

        var copy = new Dictionary<string, FaqEntry>(_published, StringComparer.Ordinal);
        copy.Remove(id);
        _published = copy;
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(6110, LogLevel.Information, "FAQ index synced: {Changed} changes applied, store version {Version}, {Count} searchable entries")]
        public static partial void Synced(ILogger logger, int changed, long version, int count);
    }
}
