using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Knowledge.Tests.Store;

public sealed class FaqStoreTests(LanguageDataFixture fixture)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero));

    private static FaqEntry Entry(string id, string question, string answer, params string[] related) =>
        TestEntries.Entry(id, question, answer) with { Related = related, Source = "Webinar", Category = "test" };

    private FaqStore NewStore(IStorage storage, FaqSeedDocument seed, params IFaqChangeObserver[] observers) =>
        new(storage, _time, observers, NullLogger<FaqStore>.Instance, () => seed);

    [Fact]
    public void Embedded_seed_passes_the_store_validation()
    {
        var entries = fixture.Seed.Entries;
        var ids = entries.Select(e => e.Id).ToHashSet();
        Assert.All(entries, e => Assert.Empty(FaqEntryValidator.Validate(e, ids.Contains)));
    }

    [Fact]
    public async Task Seeds_once_then_the_store_is_the_truth_and_only_new_seed_ids_are_added()
    {
        var storage = new MemoryStorage(_time);
        var v1 = new FaqSeedDocument(1, "v1", [Entry("a-entry", "Pytanie A", "Odpowiedź A"), Entry("b-entry", "Pytanie B", "Odpowiedź B", "a-entry")]);
        var store = NewStore(storage, v1);
        Assert.Equal(new FaqSeedResult(true, 2), await store.SeedIfEmptyAsync(CancellationToken.None));
        Assert.Equal(new FaqSeedResult(false, 0), await store.SeedIfEmptyAsync(CancellationToken.None));

        // Admins edit A and delete B.
        var a = (await store.GetAsync("a-entry", CancellationToken.None))!;
        Assert.Equal(FaqWriteStatus.Saved, (await store.UpsertAsync(a.Entry with { Answer = "Poprawiona odpowiedź A" }, a.ETag, "admin:ewa", CancellationToken.None)).Status);
        Assert.Equal(FaqWriteStatus.Saved, (await store.DeleteAsync("b-entry", null, "admin:ewa", CancellationToken.None)).Status);

        // A later deployment ships a changed seed: A's new text, B again, and a new C that links to B.
        var v2 = new FaqSeedDocument(2, "v2", [Entry("a-entry", "Pytanie A", "Odpowiedź A z nowego seeda"), Entry("b-entry", "Pytanie B", "Odpowiedź B"), Entry("c-entry", "Pytanie C", "Odpowiedź C", "b-entry", "a-entry")]);
        var redeployed = NewStore(storage, v2);
        Assert.Equal(new FaqSeedResult(false, 1), await redeployed.SeedIfEmptyAsync(CancellationToken.None));

        var all = await redeployed.ListAsync(CancellationToken.None);
        Assert.Equal(["a-entry", "c-entry"], all.Select(e => e.Entry.Id));
        Assert.Equal("Poprawiona odpowiedź A", all[0].Entry.Answer);
        Assert.Equal(["a-entry"], all[1].Entry.Related);
    }

    [Fact]
    public async Task Invalid_edit_is_rejected_with_the_field_named_and_nothing_is_saved()
    {
        var storage = new MemoryStorage(_time);
        var store = NewStore(storage, new FaqSeedDocument(1, "t", [Entry("a-entry", "Pytanie A", "Odpowiedź A")]));
        await store.SeedIfEmptyAsync(CancellationToken.None);
        var before = await store.GetAsync("a-entry", CancellationToken.None);
        var version = await store.GetVersionAsync(CancellationToken.None);

        var result = await store.UpsertAsync(before!.Entry with { Alternatives = ["tylko jedno"], Answer = " ", Related = ["nie-ma-takiego"] }, before.ETag, "admin", CancellationToken.None);

        Assert.Equal(FaqWriteStatus.Invalid, result.Status);
        Assert.Equal(["alternatives", "answer", "related"], result.Errors.Select(e => e.Field).Order());
        var after = await store.GetAsync("a-entry", CancellationToken.None);
        Assert.Equal((before.ETag, before.Entry.Answer, before.Entry.Alternatives.Count), (after!.ETag, after.Entry.Answer, after.Entry.Alternatives.Count));
        Assert.Equal(version, await store.GetVersionAsync(CancellationToken.None));
        Assert.Single(await store.GetHistoryAsync("a-entry", CancellationToken.None));

        var badId = await store.UpsertAsync(Entry("Zle ID!", "Pytanie", "Odpowiedź"), null, "admin", CancellationToken.None);
        Assert.Equal("id", Assert.Single(badId.Errors).Field);
        var badStatus = await store.UpsertAsync(Entry("nowy", "Pytanie", "Odpowiedź") with { Status = (FaqStatus)7 }, null, "admin", CancellationToken.None);
        Assert.Equal("status", Assert.Single(badStatus.Errors).Field);
    }

    [Fact]
    public async Task Stale_etag_is_a_conflict_and_history_records_who_when_what()
    {
        var storage = new MemoryStorage(_time);
        var store = NewStore(storage, new FaqSeedDocument(1, "t", [Entry("a-entry", "Pytanie A", "Odpowiedź A")]));
        await store.SeedIfEmptyAsync(CancellationToken.None);
        var read = (await store.GetAsync("a-entry", CancellationToken.None))!;

        _time.Advance(TimeSpan.FromMinutes(5));
        var first = await store.UpsertAsync(read.Entry with { Answer = "Nowa odpowiedź" }, read.ETag, "admin:ewa", CancellationToken.None);
        Assert.Equal(FaqWriteStatus.Saved, first.Status);
        Assert.NotEqual(read.ETag, first.Entry!.ETag);

        var second = await store.UpsertAsync(read.Entry with { Question = "Inne pytanie A" }, read.ETag, "admin:jan", CancellationToken.None);
        Assert.Equal(FaqWriteStatus.Conflict, second.Status);
        Assert.Equal(FaqWriteStatus.Conflict, (await store.DeleteAsync("a-entry", read.ETag, "admin:jan", CancellationToken.None)).Status);
        Assert.Equal("Nowa odpowiedź", (await store.GetAsync("a-entry", CancellationToken.None))!.Entry.Answer);

        var history = await store.GetHistoryAsync("a-entry", CancellationToken.None);
        Assert.Equal(["seeded", "updated"], history.Select(h => h.Action));
        Assert.Equal(("admin:ewa", _time.GetUtcNow(), "answer"), (history[1].By, history[1].At, Assert.Single(history[1].Changed)));
        Assert.Equal(2, await store.GetVersionAsync(CancellationToken.None));
        Assert.Equal("admin:ewa", first.Entry.Entry.UpdatedBy);
    }

    [Fact]
    public async Task Import_is_all_or_nothing()
    {
        var storage = new MemoryStorage(_time);
        var store = NewStore(storage, new FaqSeedDocument(1, "t", [Entry("a-entry", "Pytanie A", "Odpowiedź A")]));
        await store.SeedIfEmptyAsync(CancellationToken.None);

        var bad = await store.ImportAsync([Entry("b-entry", "Pytanie B", "Odpowiedź B", "a-entry"), Entry("c-entry", "Pytanie C", "")], "admin", CancellationToken.None);
        Assert.False(bad.Imported);
        Assert.Equal("c-entry:answer", Assert.Single(bad.Errors).Field);
        Assert.Single(await store.ListAsync(CancellationToken.None));

        var good = await store.ImportAsync([Entry("b-entry", "Pytanie B", "Odpowiedź B", "c-entry"), Entry("c-entry", "Pytanie C", "Odpowiedź C", "a-entry")], "admin", CancellationToken.None);
        Assert.Equal(new FaqImportResult(true, 2, []), good with { Errors = [] });
        Assert.Equal(3, (await store.ListAsync(CancellationToken.None)).Count);
    }
}
