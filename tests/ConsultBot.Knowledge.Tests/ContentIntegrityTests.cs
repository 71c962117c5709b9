using System.Text.Json;
using System.Text.RegularExpressions;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Tests.Evaluation;

namespace ConsultBot.Knowledge.Tests;

public sealed partial class ContentIntegrityTests(LanguageDataFixture fixture)
{
    private static readonly string CoverageFile = Path.Combine(RepoPaths.Root, "docs", "knowledge-coverage.md");

    private IReadOnlyList<FaqEntry> Entries => fixture.Seed.Entries;

    [Fact]
    public void Seed_has_at_least_85_published_entries_with_unique_slug_ids()
    {
        Assert.True(Entries.Count >= 85, $"{Entries.Count} entries");
        Assert.Equal(Entries.Count, Entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Entries, e => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", e.Id));
        Assert.All(Entries, e => Assert.Equal(FaqStatus.Published, e.Status));
    }

    [Fact]
    public void Every_entry_is_complete()
    {
        Assert.Empty(FaqSeedLoader.Validate(Entries));
        Assert.All(Entries, e =>
        {
            Assert.True(e.Alternatives.Count >= 3, e.Id);
            Assert.InRange(e.Related.Count, 2, 4);
            Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(e.Category), e.Id);
            Assert.NotEmpty(e.Tags);
            Assert.Equal("pl", e.Language);
            Assert.False(string.IsNullOrWhiteSpace(e.UpdatedBy), e.Id);
        });
    }

    [Fact]
    public void Related_ids_exist()
    {
        var ids = Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(Entries, e => Assert.All(e.Related, r => Assert.Contains(r, ids)));
    }

    [Fact]
    public void At_least_25_entries_have_an_english_version()
    {
        var english = Entries.Where(e => e.TranslationFor("en") is { } t && t.Alternatives.Count >= 3 && t.Answer.Length > 0).ToList();
        Assert.True(english.Count >= 25, $"{english.Count} English entries");
    }

    [Fact]
    public void Every_entry_has_an_english_question_phrasings_and_answer()
    {
        Assert.All(Entries, e =>
        {
            var en = e.TranslationFor("en");
            Assert.True(en is not null, $"{e.Id}: no English");
            Assert.False(string.IsNullOrWhiteSpace(en.Question), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(en.Answer), e.Id);
            Assert.True(en.Alternatives.Distinct(StringComparer.OrdinalIgnoreCase).Count(a => !string.IsNullOrWhiteSpace(a)) >= 3, $"{e.Id}: fewer than 3 English phrasings");
        });
    }

    [Fact]
    public void Related_links_are_distinct_and_never_point_at_the_entry_itself()
    {
        Assert.All(Entries, e =>
        {
            Assert.DoesNotContain(e.Id, e.Related);
            Assert.Equal(e.Related.Count, e.Related.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Fact]
    public void Coverage_table_maps_every_seed_fact_to_existing_entries()
    {
        var rows = CoverageRows();
        var ids = Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(rows.Count >= 120, $"{rows.Count} facts in the coverage table");
        Assert.Equal(rows.Count, rows.Select(r => r.Fact).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.True(r.Entries.Count > 0, $"{r.Fact}: no entry answers this fact"));
        Assert.All(rows, r => Assert.All(r.Entries, id => Assert.True(ids.Contains(id), $"{r.Fact}: entry '{id}' does not exist")));
    }

    [Fact]
    public void Every_entry_answers_some_fact_of_the_coverage_table()
    {
        var mapped = CoverageRows().SelectMany(r => r.Entries).ToHashSet(StringComparer.Ordinal);
        var unmapped = Entries.Select(e => e.Id).Where(id => !mapped.Contains(id)).ToList();
        Assert.True(unmapped.Count == 0, "Entries missing from docs/knowledge-coverage.md: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void Answers_are_teams_safe_markdown()
    {
        foreach (var text in Entries.SelectMany(e => new[] { e.Answer, e.TranslationFor("en")?.Answer ?? string.Empty }))
        {
            Assert.DoesNotContain("<", text, StringComparison.Ordinal);
            Assert.DoesNotContain("* ", text.Replace("** ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Eval_set_is_large_enough_and_points_at_existing_entries()
    {
        var set = EvalSet.Load();
        var ids = Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(set.Queries.Count >= 170);
        Assert.True(set.OutOfDomain.Count >= 40);
        Assert.All(set.Queries, q => Assert.Contains(q.Expected!, ids));
        var phrasings = Entries.SelectMany(e => e.Alternatives.Append(e.Question)).Select(s => s.ToLowerInvariant()).ToHashSet();
        Assert.DoesNotContain(set.Queries, q => phrasings.Contains(q.Q.ToLowerInvariant()));
    }

    [Fact]
    public void Held_out_eval_set_covers_every_entry_and_copies_no_phrasing()
    {
        var set = EvalSet.Load(EvalSet.Second);
        var ids = Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(set.Queries.Count >= 200);
        Assert.True(set.OutOfDomain.Count >= 60);
        Assert.All(set.Queries, q => Assert.Contains(q.Expected!, ids));
        Assert.All(set.Queries.SelectMany(q => q.Also ?? []), id => Assert.Contains(id, ids));
        Assert.Empty(ids.Except(set.Queries.Select(q => q.Expected!)));
        var phrasings = Entries.SelectMany(e => e.Alternatives.Append(e.Question)).Select(s => s.ToLowerInvariant()).ToHashSet();
        Assert.DoesNotContain(set.Queries, q => phrasings.Contains(q.Q.ToLowerInvariant()));
    }

    [Fact]
    public void Contract_json_has_exactly_the_documented_shape()
    {
        using var engine = new FaqSearchEngine(fixture.Data, Entries);
        var json = FaqSearchContract.ToJson(engine.Search("kto jest liderem w modelu strategicznym", "pl"));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["decision", "results"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("answer", doc.RootElement.GetProperty("decision").GetString());
        var first = doc.RootElement.GetProperty("results")[0];
        Assert.Equal(["id", "question", "answer", "score", "confidence"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("model-strategiczny-lider", first.GetProperty("id").GetString());

        var none = FaqSearchContract.ToJson(engine.Search("przepis na bigos", "pl"));
        Assert.Equal("{\"decision\":\"none\",\"results\":[]}", none);
    }

    private static List<CoverageRow> CoverageRows()
    {
        Assert.True(File.Exists(CoverageFile), CoverageFile);
        var rows = new List<CoverageRow>();
        foreach (var line in File.ReadLines(CoverageFile))
        {
            var m = CoverageRowPattern().Match(line);
            if (m.Success)
            {
                var cells = line.Split('|');
                var entries = EntryIdPattern().Matches(cells[^2]).Select(x => x.Groups[1].Value).ToList();
                rows.Add(new CoverageRow(m.Groups[1].Value, entries));
            }
        }

        return rows;
    }

    // "| S03-04 | 3 | 27-28 | fact | `entry-id`, `other-id` |"
    [GeneratedRegex(@"^\|\s*(S\d{2}-\d{2})\s*\|", RegexOptions.CultureInvariant)]
    private static partial Regex CoverageRowPattern();

    [GeneratedRegex("`([a-z0-9-]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex EntryIdPattern();

    private sealed record CoverageRow(string Fact, IReadOnlyList<string> Entries);
}
