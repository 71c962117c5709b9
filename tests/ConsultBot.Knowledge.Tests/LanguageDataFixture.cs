using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Tests;

[assembly: AssemblyFixture(typeof(LanguageDataFixture))]

namespace ConsultBot.Knowledge.Tests;

/// <summary>The embedded language data, loaded once per test run (the dictionary is the slow part). Lazy so the generator runs without it.</summary>
public sealed class LanguageDataFixture
{
    private readonly Lazy<KnowledgeLanguageData> _data = new(KnowledgeLanguageData.LoadEmbedded);
    private readonly Lazy<FaqSeedDocument> _seed = new(FaqSeedLoader.LoadEmbedded);

    public KnowledgeLanguageData Data => _data.Value;

    public FaqSeedDocument Seed => _seed.Value;
}
