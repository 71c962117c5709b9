namespace ConsultBot.Knowledge.Store;

/// <summary>For <c>/readyz</c>: whether this instance has built its search index from the store.</summary>
public interface IKnowledgeReadiness
{
    /// <summary>True once the index was built from the store (stays true; later sync failures only delay updates).</summary>
    bool IsReady { get; }

    /// <summary>Searchable (published) entries in the local index.</summary>
    int IndexedEntries { get; }

    /// <summary>The store version the local index reflects (-1 before the first build).</summary>
    long IndexedVersion { get; }
}
