using ConsultBot.Knowledge.Chat;

namespace ConsultBot.Knowledge.Tests.Chat;

public sealed class FollowUpTests
{
    [Theory]
    [InlineData("model-strategiczny-lider", "model lider", "strategic", null)]
    [InlineData("model-operacyjny-korzysci-ngo", "model korzysci", "operational", "ngo")]
    [InlineData("model-relacyjny-korzysci-mieszkancy", "model korzysci", "relational", "residents")]
    [InlineData("rola-biznesu", "rola", null, "business")]
    [InlineData("partnerstwo-jak-zaczac", "partnerstwo jak zaczac", null, null)]
    public void Entry_ids_read_as_facets(string id, string rest, string? model, string? audience) =>
        Assert.Equal(new EntrySignature(rest, model, audience), FollowUps.Signature(id));

    [Theory]
    [InlineData("a w operacyjnym?")]
    [InlineData("a dla NGO?")]
    [InlineData("and in the relational one?")]
    [InlineData("what about the operational one?")]
    [InlineData("w relacyjnym")]
    [InlineData("a migrantom?")]
    public void Short_messages_that_only_name_a_facet_are_facet_swaps(string text) =>
        Assert.True(FollowUps.Parse(text)!.IsFacetSwap);

    [Theory]
    [InlineData("co to jest model operacyjny")]
    [InlineData("kto jest liderem w modelu operacyjnym")]
    [InlineData("jakie korzysci maja migranci w modelu relacyjnym i co z tego wynika dla miasta")]
    [InlineData("a warunki sukcesu?")]
    public void Questions_of_their_own_are_not_facet_swaps(string text) =>
        Assert.False(FollowUps.Parse(text)?.IsFacetSwap ?? false);

    [Fact]
    public void Another_aspect_of_the_same_model_is_an_aspect_change() =>
        Assert.True(FollowUps.Parse("a warunki sukcesu?")!.IsAspectChange);

    [Fact]
    public void Rewriting_swaps_the_facet_words_for_the_users_own()
    {
        var swap = FollowUps.Parse("a dla migrantów?")!;
        Assert.Equal("Jakie korzyści mają migrantów z modelu operacyjnego?",
            FollowUps.Swap("Jakie korzyści mają organizacje pozarządowe z modelu operacyjnego?", swap.Facets));
        Assert.Equal("Kto jest liderem w modelu strategicznym współpracy? NGO",
            FollowUps.Swap("Kto jest liderem w modelu strategicznym współpracy?", FollowUps.Parse("a dla NGO?")!.Facets));
    }

    [Theory]
    [InlineData("dzięki", "Thanks")]
    [InlineData("ok, dziekuje bardzo!", "Thanks")]
    [InlineData("Thank you very much", "Thanks")]
    [InlineData("kim jesteś?", "WhoAreYou")]
    [InlineData("who are you", "WhoAreYou")]
    [InlineData("hej, co umiesz?", "WhatCanYouDo")]
    [InlineData("what can you do?", "WhatCanYouDo")]
    public void Small_talk_is_recognised(string text, string kind) =>
        Assert.Equal(kind, SmallTalk.Recognize(text)?.ToString());

    [Theory]
    [InlineData("cześć")]
    [InlineData("dzięki, a kto prowadzi model relacyjny?")]
    [InlineData("co umiesz powiedziec o modelu operacyjnym i jego liderze")]
    [InlineData("nie dziekuje")]
    public void Questions_and_plain_greetings_are_not_small_talk(string text) =>
        Assert.Null(SmallTalk.Recognize(text));

    [Theory]
    [InlineData("jaki model, gdy mieszkańcy sami się organizują?", true)]
    [InlineData("which model fits a city with strong NGOs?", true)]
    [InlineData("kto jest liderem w modelu operacyjnym", false)]
    [InlineData("kiedy warto wybrac model strategiczny", false)]
    public void Which_model_questions_get_the_assessment_offer(string text, bool expected) =>
        Assert.Equal(expected, ModelChoice.AsksWhichModel(text));
}
