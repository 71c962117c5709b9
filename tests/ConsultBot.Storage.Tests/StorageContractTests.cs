using ConsultBot.Protocol.State;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Storage.Tests;

/// <summary>The <see cref="IStorage"/> contract, run against every provider.</summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private IStorage? _storage;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    protected IStorage Storage => _storage ?? throw new InvalidOperationException("Not initialised.");

    internal Disposables Resources { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _storage = await CreateStorageAsync(Time);

    public virtual async ValueTask DisposeAsync()
    {
        await Resources.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A storage on a fresh, empty, migrated store.</summary>
    protected abstract Task<IStorage> CreateStorageAsync(TimeProvider timeProvider);

    /// <summary>Another instance (another "host") on the same store as <see cref="Storage"/>.</summary>
    protected abstract Task<IStorage> CreateSecondInstanceAsync(TimeProvider timeProvider);

    protected async Task<string> WriteAsync(IStorage storage, string key, string json, string? etag = null, DateTimeOffset? expiresAt = null)
    {
        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = new StoreItem(json, etag, expiresAt) }, Ct);
        return etags[key];
    }

    protected async Task<StoreItem?> ReadAsync(IStorage storage, string key)
    {
        var items = await storage.ReadAsync([key], Ct);
        return items.TryGetValue(key, out var item) ? item : null;
    }

    [Fact]
    public async Task Read_of_missing_keys_omits_them()
    {
        await WriteAsync(Storage, "a", """{"v":1}""");

        var items = await Storage.ReadAsync(["a", "missing", "also/missing"], Ct);

        Assert.Equal(["a"], items.Keys);
        Assert.Empty(await Storage.ReadAsync(["nothing"], Ct));
        Assert.Empty(await Storage.ReadAsync([], Ct));
    }

    [Fact]
    public async Task Write_then_read_round_trips_json_and_etag()
    {
        const string json = """{"name":"Zażółć gęślą jaźń","nested":{"list":[1,2.5,"x",null,true]},"emoji":"🙂"}""";
        var etag = await WriteAsync(Storage, "msteams/conversations/19:abc@thread.v2", json);

        var item = await ReadAsync(Storage, "msteams/conversations/19:abc@thread.v2");

        Assert.NotNull(item);
        Assert.Equal(json, item.Json);
        Assert.Equal(etag, item.ETag);
        Assert.Null(item.ExpiresAt);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.NotEqual(StoreItem.Any, etag);
    }

    [Fact]
    public async Task Every_write_stamps_a_new_etag_and_a_stale_one_conflicts()
    {
        var first = await WriteAsync(Storage, "k", """{"v":1}""");
        var second = await WriteAsync(Storage, "k", """{"v":2}""", first);
        Assert.NotEqual(first, second);

        var conflict = await Assert.ThrowsAsync<EtagException>(() => WriteAsync(Storage, "k", """{"v":3}""", first));

        Assert.Equal("k", conflict.Key);
        var item = await ReadAsync(Storage, "k");
        Assert.Equal("""{"v":2}""", item!.Json);
        Assert.Equal(second, item.ETag);
    }

    [Fact]
    public async Task Star_and_null_overwrite_whatever_is_stored()
    {
        await WriteAsync(Storage, "k", """{"v":1}""");
        await WriteAsync(Storage, "k", """{"v":2}""", StoreItem.Any);
        Assert.Equal("""{"v":2}""", (await ReadAsync(Storage, "k"))!.Json);

        await WriteAsync(Storage, "k", """{"v":3}""", null);
        Assert.Equal("""{"v":3}""", (await ReadAsync(Storage, "k"))!.Json);

        await WriteAsync(Storage, "new", """{"v":4}""", StoreItem.Any);
        Assert.Equal("""{"v":4}""", (await ReadAsync(Storage, "new"))!.Json);
    }

    [Fact]
    public async Task Create_only_creates_and_fails_on_an_existing_key()
    {
        await WriteAsync(Storage, "k", """{"v":1}""", StoreItem.CreateOnly);

        var conflict = await Assert.ThrowsAsync<EtagException>(() => WriteAsync(Storage, "k", """{"v":2}""", StoreItem.CreateOnly));

        Assert.Equal("k", conflict.Key);
        Assert.Equal("""{"v":1}""", (await ReadAsync(Storage, "k"))!.Json);
    }

    [Fact]
    public async Task A_specific_etag_on_a_missing_key_conflicts()
    {
        await Assert.ThrowsAsync<EtagException>(() => WriteAsync(Storage, "missing", "{}", "0123456789abcdef"));
        Assert.Null(await ReadAsync(Storage, "missing"));
    }

    [Fact]
    public async Task Delete_of_a_missing_key_is_not_an_error_and_delete_removes()
    {
        await Storage.DeleteAsync(["missing"], Ct);
        var etag = await WriteAsync(Storage, "a", "{}");
        await WriteAsync(Storage, "b", "{}");

        await Storage.DeleteAsync(["a", "b", "missing"], Ct);

        Assert.Empty(await Storage.ReadAsync(["a", "b"], Ct));

        // Recreated after a delete: the old ETag must not match the new item.
        await WriteAsync(Storage, "a", """{"v":2}""", StoreItem.CreateOnly);
        await Assert.ThrowsAsync<EtagException>(() => WriteAsync(Storage, "a", """{"v":3}""", etag));
    }

    [Fact]
    public async Task A_multi_item_write_is_all_or_nothing()
    {
        var etags = await Storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            ["a"] = new("""{"v":"a1"}"""),
            ["b"] = new("""{"v":"b1"}"""),
        }, Ct);
        Assert.Equal(2, etags.Count);
        var staleB = etags["b"];
        var freshB = await WriteAsync(Storage, "b", """{"v":"b2"}""", staleB);

        var conflict = await Assert.ThrowsAsync<EtagException>(() => Storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            ["a"] = new("""{"v":"a2"}""", etags["a"]),
            ["b"] = new("""{"v":"b3"}""", staleB),
            ["c"] = new("""{"v":"c1"}""", StoreItem.CreateOnly),
            ["d"] = new("""{"v":"d1"}"""),
        }, Ct));

        Assert.Equal("b", conflict.Key);
        var items = await Storage.ReadAsync(["a", "b", "c", "d"], Ct);
        Assert.Equal(["a", "b"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("""{"v":"a1"}""", items["a"].Json);
        Assert.Equal(etags["a"], items["a"].ETag);
        Assert.Equal(freshB, items["b"].ETag);

        var written = await Storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            ["a"] = new("""{"v":"a2"}""", etags["a"]),
            ["b"] = new("""{"v":"b3"}""", freshB),
            ["c"] = new("""{"v":"c1"}""", StoreItem.CreateOnly),
        }, Ct);
        items = await Storage.ReadAsync(["a", "b", "c"], Ct);
        Assert.All(written, kv => Assert.Equal(kv.Value, items[kv.Key].ETag));
    }

    [Fact]
    public async Task List_returns_the_prefix_ordered_by_key_up_to_the_limit()
    {
        foreach (var key in new[] { "faq/b", "faq/a", "faq/c/1", "faq", "fap/z", "faq0", "x%/1", "xa/1", "x_/1" })
        {
            await WriteAsync(Storage, key, $$"""{"k":"{{key}}"}""");
        }

        var all = await Storage.ListAsync("faq/", 100, Ct);
        Assert.Equal(["faq/a", "faq/b", "faq/c/1"], all.Select(kv => kv.Key));
        Assert.Equal("""{"k":"faq/a"}""", all[0].Value.Json);
        Assert.False(string.IsNullOrEmpty(all[0].Value.ETag));

        Assert.Equal(["faq/a", "faq/b"], (await Storage.ListAsync("faq/", 2, Ct)).Select(kv => kv.Key));
        Assert.Equal(["faq", "faq/a", "faq/b", "faq/c/1", "faq0"], (await Storage.ListAsync("faq", 100, Ct)).Select(kv => kv.Key));

        // No wildcard semantics in the prefix.
        Assert.Equal(["x%/1"], (await Storage.ListAsync("x%", 100, Ct)).Select(kv => kv.Key));
        Assert.Equal(["x_/1"], (await Storage.ListAsync("x_", 100, Ct)).Select(kv => kv.Key));
        Assert.Empty(await Storage.ListAsync("nothing/", 100, Ct));
        Assert.Equal(9, (await Storage.ListAsync(string.Empty, 100, Ct)).Count);
    }

    [Fact]
    public async Task Expired_items_read_as_missing()
    {
        var expiresAt = Time.GetUtcNow().AddMinutes(1);
        var etag = await WriteAsync(Storage, "tmp/a", "{}", expiresAt: expiresAt);
        await WriteAsync(Storage, "tmp/b", "{}");

        var item = await ReadAsync(Storage, "tmp/a");
        Assert.Equal(expiresAt, item!.ExpiresAt);
        Assert.Equal(2, (await Storage.ListAsync("tmp/", 10, Ct)).Count);

        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await ReadAsync(Storage, "tmp/a"));
        Assert.Equal(["tmp/b"], (await Storage.ListAsync("tmp/", 10, Ct)).Select(kv => kv.Key));
        await Assert.ThrowsAsync<EtagException>(() => WriteAsync(Storage, "tmp/a", """{"v":2}""", etag));

        // Missing means it can be created again.
        await WriteAsync(Storage, "tmp/a", """{"v":3}""", StoreItem.CreateOnly);
        Assert.Equal("""{"v":3}""", (await ReadAsync(Storage, "tmp/a"))!.Json);
    }

    [Fact]
    public async Task Concurrent_conditional_writes_exactly_one_wins_each_round()
    {
        var etag = await WriteAsync(Storage, "race", """{"round":0}""");
        for (var round = 1; round <= 20; round++)
        {
            var current = etag;
            var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                try
                {
                    return await WriteAsync(Storage, "race", $$"""{"round":{{round}},"writer":{{writer}}}""", current);
                }
                catch (EtagException)
                {
                    return null;
                }
            }, Ct)));

            var winners = attempts.Where(a => a is not null).ToList();
            Assert.Single(winners);
            etag = winners[0]!;
            Assert.Equal(etag, (await ReadAsync(Storage, "race"))!.ETag);
        }
    }

    [Fact]
    public async Task Parallel_writers_with_retry_lose_no_update()
    {
        const int writers = 8;
        const int incrementsEach = 25;
        await WriteAsync(Storage, "counter", "0", StoreItem.CreateOnly);
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var item = (await ReadAsync(Storage, "counter"))!;
                    var next = int.Parse(item.Json, System.Globalization.CultureInfo.InvariantCulture) + 1;
                    try
                    {
                        await WriteAsync(Storage, "counter", next.ToString(System.Globalization.CultureInfo.InvariantCulture), item.ETag);
                        break;
                    }
                    catch (EtagException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }, Ct)));

        Assert.Equal((writers * incrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), (await ReadAsync(Storage, "counter"))!.Json);
    }

    [Fact]
    public async Task Two_instances_on_one_store_alternate_on_one_conversation()
    {
        var hostA = Storage;
        var hostB = await CreateSecondInstanceAsync(Time);
        const string key = "msteams/conversations/shared";
        await WriteAsync(hostA, key, """{"turn":0}""", StoreItem.CreateOnly);

        for (var turn = 1; turn <= 10; turn++)
        {
            var host = turn % 2 == 0 ? hostA : hostB;
            var other = turn % 2 == 0 ? hostB : hostA;
            var item = (await ReadAsync(host, key))!;
            Assert.Equal($$"""{"turn":{{turn - 1}}}""", item.Json);
            var staleForOther = (await ReadAsync(other, key))!.ETag;

            await WriteAsync(host, key, $$"""{"turn":{{turn}}}""", item.ETag);

            // The other host, still holding the ETag from before this turn, gets a clean conflict.
            await Assert.ThrowsAsync<EtagException>(() => WriteAsync(other, key, """{"lost":true}""", staleForOther));
        }

        Assert.Equal("""{"turn":10}""", (await ReadAsync(hostA, key))!.Json);
    }
}
