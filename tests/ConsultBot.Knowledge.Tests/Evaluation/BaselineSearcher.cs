using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace ConsultBot.Knowledge.Tests.Evaluation;

/// <summary>The reference point: one text field per entry, plain StandardAnalyzer, default BM25, OR of query terms.</summary>
internal sealed class BaselineSearcher : IDisposable
{
    private readonly RAMDirectory _dir = new();
    private readonly StandardAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public BaselineSearcher(IEnumerable<FaqEntry> entries)
    {
        using (var writer = new IndexWriter(_dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var e in entries)
            {
                var doc = new Document { new StringField("id", e.Id, Field.Store.YES) };
                var en = e.Translations?.GetValueOrDefault("en");
                foreach (var text in e.Alternatives.Append(e.Question).Concat(e.Tags).Append(e.Answer)
                             .Concat(en is null ? [] : en.Alternatives.Append(en.Question).Append(en.Answer)))
                {
                    doc.Add(new TextField("text", text, Field.Store.NO));
                }

                writer.AddDocument(doc);
            }
        }

        _reader = DirectoryReader.Open(_dir);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public IReadOnlyList<string> Search(string query, int top)
    {
        var bq = new BooleanQuery();
        using var ts = _analyzer.GetTokenStream("text", query);
        var term = ts.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
        {
            bq.Add(new TermQuery(new Term("text", term.ToString())), Occur.SHOULD);
        }

        ts.End();
        if (bq.Clauses.Count == 0)
        {
            return [];
        }

        return _searcher.Search(bq, top).ScoreDocs.Select(sd => _searcher.Doc(sd.Doc).Get("id")).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _dir.Dispose();
    }
}
