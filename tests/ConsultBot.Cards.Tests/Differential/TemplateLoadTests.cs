using ConsultBot.Cards.Tests.Infrastructure;

namespace ConsultBot.Cards.Tests.Differential;

/// <summary>Fast, data-independent check: every template parses (supported subset, AEL type checks)
/// and its texts file has the same keys in pl and en.</summary>
public sealed class TemplateLoadTests
{
    public static TheoryData<string> Templates =>
    [
        .. CardCatalog.TemplateNames(RepoPaths.Cards),
        .. CardCatalog.TemplateNames(RepoPaths.SampleCards).Select(n => "_samples/" + n),
    ];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_and_texts_load(string id)
    {
        var dir = id.StartsWith("_samples/", StringComparison.Ordinal) ? RepoPaths.SampleCards : RepoPaths.Cards;
        var name = id.Split('/')[^1];
        var renderer = new CardRenderer(new CardOptions { TemplatesPath = dir });
        var root = renderer.BuildData(name, null, "pl");
        Assert.True(File.Exists(Path.Combine(dir, name + ".texts.json")), $"add cards/{name}.texts.json");
        Assert.NotEmpty(root["t"]!.AsObject());
    }
}
