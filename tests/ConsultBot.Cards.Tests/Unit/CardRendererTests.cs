using System.Text.Json.Nodes;
using ConsultBot.Cards.Templating;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Cards.Tests.Unit;

public sealed class CardRendererTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consultbot-cards-").FullName;

    public CardRendererTests()
    {
        File.WriteAllText(Path.Combine(_dir, "hello.json"), """
            {"type": "AdaptiveCard", "version": "1.5", "body": [
              {"type": "TextBlock", "text": "${t.greeting}, ${name}!"},
              {"type": "TextBlock", "text": "${padding}"} ]}
            """);
        File.WriteAllText(Path.Combine(_dir, "hello.texts.json"), """{"pl": {"greeting": "Dzień dobry"}, "en": {"greeting": "Good morning"}}""");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CardRenderer Renderer(int max = CardOptions.DefaultMaxCardBytes, CardOversizeBehavior behavior = CardOversizeBehavior.Throw) =>
        new(new CardOptions { TemplatesPath = _dir, MaxCardBytes = max, OversizeBehavior = behavior });

    private static JsonObject Data(string padding = "") => new() { ["name"] = "Ola", ["padding"] = padding };

    [Theory]
    [InlineData("pl", "Dzień dobry, Ola!")]
    [InlineData("pl-PL", "Dzień dobry, Ola!")]
    [InlineData("en", "Good morning, Ola!")]
    [InlineData("en-GB", "Good morning, Ola!")]
    [InlineData("EN-us", "Good morning, Ola!")]
    [InlineData("de", "Dzień dobry, Ola!")]
    [InlineData("", "Dzień dobry, Ola!")]
    public void Locale_selects_texts(string locale, string expected) =>
        Assert.Equal(expected, (string?)Renderer().Render("hello", Data(), locale)["body"]![0]!["text"]);

    [Fact]
    public void Attachment_is_an_adaptive_card()
    {
        var a = Renderer().RenderAttachment("hello", Data(), "pl");
        Assert.Equal(ContentTypes.AdaptiveCard, a.ContentType);
        Assert.Equal("AdaptiveCard", (string?)a.Content!["type"]);
    }

    [Fact]
    public void Input_data_is_not_modified_and_template_is_cached()
    {
        var renderer = Renderer();
        var data = Data();
        _ = renderer.Render("hello", data, "pl");
        Assert.False(data.ContainsKey("t"));
        File.WriteAllText(Path.Combine(_dir, "hello.json"), "{ broken");
        Assert.Equal("Ola", ((string?)renderer.Render("hello", data, "en")["body"]![0]!["text"])![^4..^1]);
    }

    [Fact]
    public void Oversize_card_throws_or_logs()
    {
        var big = new string('x', 2000);
        var ex = Assert.Throws<CardTooLargeException>(() => Renderer(max: 1024).Render("hello", Data(big), "pl"));
        Assert.True(ex.Bytes > 1024);
        var card = Renderer(max: 1024, behavior: CardOversizeBehavior.Log).Render("hello", Data(big), "pl");
        Assert.True(CardSize.Utf8Bytes(card) > 1024);
    }

    [Fact]
    public void Size_counts_wire_bytes() =>
        Assert.Equal("""{"a":"\u0105"}""".Length, CardSize.Utf8Bytes(new JsonObject { ["a"] = "ą" }));

    [Theory]
    [InlineData("../secret")]
    [InlineData("missing")]
    public void Unknown_or_invalid_card_names_fail(string name) =>
        Assert.Throws<CardTemplateException>(() => Renderer().Render(name, null, "pl"));

    [Fact]
    public void Texts_must_have_same_keys_in_both_locales()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{"type": "AdaptiveCard", "version": "1.5", "body": []}""");
        File.WriteAllText(Path.Combine(_dir, "bad.texts.json"), """{"pl": {"a": "x", "b": "y"}, "en": {"a": "x"}}""");
        var ex = Assert.Throws<CardTemplateException>(() => Renderer().Render("bad", null, "pl"));
        Assert.Contains("b", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCards_binds_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cards:TemplatesPath"] = _dir,
            ["Cards:MaxCardBytes"] = "100",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddCards(config).BuildServiceProvider();
        var renderer = sp.GetRequiredService<ICardRenderer>();
        Assert.Same(renderer, sp.GetRequiredService<ICardRenderer>());
        Assert.Throws<CardTooLargeException>(() => renderer.Render("hello", Data(new string('x', 200)), "pl"));
    }

    [Fact]
    public void Default_templates_path_is_cards_next_to_binaries() =>
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "cards"), new CardOptions().ResolveTemplatesPath());
}
