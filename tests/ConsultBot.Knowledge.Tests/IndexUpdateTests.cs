using ConsultBot.Knowledge.Search;

namespace ConsultBot.Knowledge.Tests;

public sealed class IndexUpdateTests(LanguageDataFixture fixture)
{
    [Fact]
    public void Upserted_entry_is_found_without_a_restart()
    {
        using var engine = new FaqSearchEngine(fixture.Data, TestEntries.Small());
        Assert.Equal(FaqDecision.None, engine.Search("budzet obywatelski glosowanie", "pl").Decision);

        engine.Upsert(TestEntries.Entry("budzet-obywatelski", "Jak działa budżet obywatelski?", "Mieszkańcy głosują na projekty.", ["Głosowanie w budżecie obywatelskim", "Budżet partycypacyjny w mieście", "Zgłaszanie projektów do budżetu obywatelskiego"]));

        var response = engine.Search("budzet obywatelski glosowanie", "pl");
        Assert.Equal("budzet-obywatelski", response.Results[0].Id);
    }

    [Fact]
    public void Updated_answer_replaces_the_old_one()
    {
        using var engine = new FaqSearchEngine(fixture.Data, TestEntries.Small());
        var old = TestEntries.Small()[1];
        engine.Upsert(old with { Answer = "Nowa odpowiedź." });
        Assert.Equal("Nowa odpowiedź.", engine.Search("czym zajmuje sie osrodek pomocy spolecznej", "pl").Results[0].Answer);
        Assert.Equal(4, engine.Count);
    }

    [Fact]
    public void Removed_entry_is_no_longer_found()
    {
        using var engine = new FaqSearchEngine(fixture.Data, TestEntries.Small());
        Assert.True(engine.Remove("osrodek-pomocy"));
        Assert.False(engine.Remove("osrodek-pomocy"));
        Assert.DoesNotContain(engine.Search("osrodek pomocy spolecznej", "pl").Results, h => h.Id == "osrodek-pomocy");
    }

    [Fact]
    public void Rebuild_replaces_the_whole_index()
    {
        using var engine = new FaqSearchEngine(fixture.Data, TestEntries.Small());
        engine.Rebuild([TestEntries.Small()[0]]);
        Assert.Equal(1, engine.Count);
        Assert.Equal(FaqDecision.None, engine.Search("osrodek pomocy spolecznej zadania", "pl").Decision);
    }

    [Fact]
    public async Task Searches_keep_working_while_the_index_is_updated_concurrently()
    {
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stop = false;
        var failures = 0;
        var searches = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var r = engine.Search("kto jest liderem w modelu operacyjnym", "pl");
                if (r.Results.Count == 0 || r.Results[0].Id != "model-operacyjny-lider")
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref searches);
            }
        }, cts.Token)).ToList();

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 30; i++)
            {
                engine.Upsert(TestEntries.Entry($"dodatkowy-{i}", $"Dodatkowe pytanie numer {i} o parkingi", "Odpowiedź."));
                engine.Upsert(fixture.Seed.Entries[i % fixture.Seed.Entries.Count] with { UpdatedBy = $"edit-{i}" });
                if (i % 10 == 9)
                {
                    engine.Rebuild(fixture.Seed.Entries);
                }
            }
        }, cts.Token);

        await writer;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
        Assert.True(searches > 0);
        Assert.Equal(fixture.Seed.Entries.Count, engine.Count);
    }
}
