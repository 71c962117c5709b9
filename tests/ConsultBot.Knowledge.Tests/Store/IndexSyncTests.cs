using ConsultBot.Knowledge.Chat;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Store;
using ConsultBot.Knowledge.Tests.Chat;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Knowledge.Tests.Store;

/// <summary>Two bot instances over one store: an edit on one reaches the other's index through the sync service.</summary>
public sealed class IndexSyncTests(LanguageDataFixture fixture)
{
    private const string NewPhrasing = "jak zglosic projekt do budzetu obywatelskiego";

    [Fact]
    public async Task Edit_on_one_instance_updates_the_other_instance_index_in_place()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero));
        var storage = new MemoryStorage(time);
        await using var a = await KnowledgeHarness.CreateAsync(fixture.Data, storage, time);
        await using var b = await KnowledgeHarness.CreateAsync(fixture.Data, storage, time);
        var searchA = a.Services.GetRequiredService<IFaqSearch>();
        var searchB = b.Services.GetRequiredService<IFaqSearch>();
        Assert.NotSame(searchA, searchB);
        Assert.Equal(FaqDecision.None, searchB.Search(NewPhrasing, "pl").Decision);

        var sync = b.Services.GetServices<IHostedService>().OfType<FaqIndexSyncService>().Single();
        await sync.StartAsync(CancellationToken.None);
        try
        {
            // The edit on A: a new entry and a new phrasing of an existing one.
            var stored = (await a.Store.GetAsync("wsparcie-organizacyjne-techniczne", CancellationToken.None))!;
            var edited = stored.Entry with { Alternatives = [.. stored.Entry.Alternatives, "Czy urzad pomoze fundacji z ksiegowoscia"] };
            Assert.Equal(FaqWriteStatus.Saved, (await a.Store.UpsertAsync(edited, stored.ETag, "admin", CancellationToken.None)).Status);
            var created = TestEntries.Entry("budzet-obywatelski", "Jak zgłosić projekt do budżetu obywatelskiego?", "Projekt zgłasza się przez formularz urzędu.",
                ["Zgłaszanie projektów do budżetu obywatelskiego", "Budżet partycypacyjny – jak złożyć wniosek", "Wniosek do budżetu obywatelskiego"]);
            Assert.Equal(FaqWriteStatus.Saved, (await a.Store.UpsertAsync(created, null, "admin", CancellationToken.None)).Status);

            // A's own index follows at once; B's only after its next poll.
            Assert.Equal("budzet-obywatelski", searchA.Search(NewPhrasing, "pl").Results[0].Id);
            Assert.Equal(FaqDecision.None, searchB.Search(NewPhrasing, "pl").Decision);

            await PollUntilAsync(time, () => searchB.Search(NewPhrasing, "pl").Results.FirstOrDefault()?.Id == "budzet-obywatelski");
            Assert.Equal("wsparcie-organizacyjne-techniczne", searchB.Search("czy urzad pomoze fundacji z ksiegowoscia", "pl").Results[0].Id);

            // The chat on B answers with the new entry, and a delete on A reaches B as well.
            var (_, sent) = await b.RunAsync(b.Message(NewPhrasing));
            Assert.Equal("Jak zgłosić projekt do budżetu obywatelskiego?", CardJson.Texts(CardJson.Card(sent[0])).First());
            Assert.Equal(FaqWriteStatus.Saved, (await a.Store.DeleteAsync("budzet-obywatelski", null, "admin", CancellationToken.None)).Status);
            await PollUntilAsync(time, () => searchB.Search(NewPhrasing, "pl").Decision == FaqDecision.None);
            Assert.Equal(await a.Store.GetVersionAsync(CancellationToken.None), b.Services.GetRequiredService<IKnowledgeReadiness>().IndexedVersion);
        }
        finally
        {
            await sync.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Draft_entries_are_not_searchable_until_published()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var search = h.Services.GetRequiredService<IFaqSearch>();
        var draft = TestEntries.Entry("budzet-obywatelski", "Jak zgłosić projekt do budżetu obywatelskiego?", "Przez formularz.", status: FaqStatus.Draft) with { Source = "test" };
        var saved = await h.Store.UpsertAsync(draft, null, "admin", CancellationToken.None);
        Assert.Equal(FaqDecision.None, search.Search(NewPhrasing, "pl").Decision);

        await h.Store.UpsertAsync(draft with { Status = FaqStatus.Published }, saved.Entry!.ETag, "admin", CancellationToken.None);
        Assert.Equal("budzet-obywatelski", search.Search(NewPhrasing, "pl").Results[0].Id);
    }

    /// <summary>Advances fake time by one poll interval at a time until the condition holds (the service runs on the thread pool).</summary>
    private static async Task PollUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
