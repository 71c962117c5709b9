namespace ConsultBot.Cards.Tests.Unit;

public sealed class CardTextTests
{
    [Theory]
    [InlineData("Kliknij [tutaj](http://evil.example)", "Kliknij \\[tutaj\\](http://evil.example)")]
    [InlineData("**bold** _it_ `code` ~x~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~x\\~")]
    [InlineData("# nagłówek", "\\# nagłówek")]
    [InlineData("<at>Jan</at> a > b", "\\<at\\>Jan\\</at\\> a \\> b")]
    [InlineData("- punkt\n  + drugi\n1. trzeci", "\\- punkt\n  \\+ drugi\n1\\. trzeci")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("zwykły tekst (bez zmian), 3-4 osoby.", "zwykły tekst (bez zmian), 3-4 osoby.")]
    [InlineData("a\u202Eb\u0007c\r\nd", "abc\nd")]
    [InlineData(null, "")]
    public void Escape_neutralises_markdown(string? input, string expected) => Assert.Equal(expected, CardText.Escape(input));
}
