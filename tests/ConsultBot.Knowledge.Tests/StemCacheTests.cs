using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Tests;

/// <summary>The stem cache remembers a bounded number of words, and the words in use survive a flood of one-off words.</summary>
public sealed class StemCacheTests(LanguageDataFixture fixture)
{
    [Fact]
    public void A_flood_of_distinct_words_keeps_the_stem_cache_within_its_cap()
    {
        var cache = new StemCache(fixture.Data.Hunspell!, maxEntries: 1_000);

        for (var i = 0; i < 20_000; i++)
        {
            cache.Stems($"literowka{i}x");
            Assert.True(cache.Count <= 1_000, $"{cache.Count} words remembered after {i + 1}");
        }
    }

    [Fact]
    public void A_word_in_use_stays_cached_through_a_flood_and_stems_as_before()
    {
        var cache = new StemCache(fixture.Data.Hunspell!, maxEntries: 1_000);
        var first = cache.Stems("miescie");

        for (var i = 0; i < 20_000; i++)
        {
            cache.Stems($"literowka{i}x");
            if (i % 200 == 0)
            {
                cache.Stems("miescie");
            }
        }

        // The same array: served from the cache, not stemmed again.
        Assert.Same(first, cache.Stems("miescie"));
        Assert.Contains("miasto", first);
    }

    [Fact]
    public void An_evicted_word_is_stemmed_again_to_the_same_stems()
    {
        var cache = new StemCache(fixture.Data.Hunspell!, maxEntries: 10);
        var before = cache.Stems("urzedzie");

        for (var i = 0; i < 100; i++)
        {
            cache.Stems($"literowka{i}x");
        }

        Assert.Equal(before, cache.Stems("urzedzie"));
    }
}
