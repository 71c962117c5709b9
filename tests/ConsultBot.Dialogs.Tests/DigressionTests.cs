namespace ConsultBot.Dialogs.Tests;

public sealed class DigressionTests
{
    [Theory]
    [InlineData("kto jest liderem w modelu relacyjnym")]
    [InlineData("co to jest model strategiczny")]
    [InlineData("czy OPS moze prowadzic punkt konsultacyjny?")]
    [InlineData("a jak wyglada to w praktyce")]
    [InlineData("who leads the relational model?")]
    [InlineData("tell me about the webinars")]
    [InlineData("mamy pytanie o warsztaty stacjonarne?")]
    public void Questions_of_their_own_are_recognised_in_both_languages(string text) =>
        Assert.True(Digression.IsQuestion(text));

    [Theory]
    [InlineData("czy duza?")]
    [InlineData("mamy sporo migrantow")]
    [InlineData("2")]
    [InlineData("sredni")]
    [InlineData("moje zgłoszenia")]
    [InlineData("quite a lot")]
    public void Answers_and_commands_are_not_questions(string text) =>
        Assert.False(Digression.IsQuestion(text));

    [Fact]
    public void Choice_recognition_is_available_outside_a_prompt()
    {
        Choice[] choices = [new("small", "Mały", ["mało"]), new("large", "Duży", ["sporo"])];
        Assert.Equal(1, ChoicePrompt.Recognize("mamy sporo", choices)!.Index);
        Assert.Equal(1.0, ChoicePrompt.Recognize("2", choices)!.Score);
        Assert.Null(ChoicePrompt.Recognize("nie wiem jeszcze", choices));
        Assert.Null(ChoicePrompt.Recognize(" ", choices));
    }
}
