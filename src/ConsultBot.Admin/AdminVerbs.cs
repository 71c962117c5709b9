namespace ConsultBot.Admin;

/// <summary>Card action verbs of the admin cards in Teams (Action.Execute). Every one is checked for an admin, not only the first card.</summary>
public static class AdminVerbs
{
    /// <summary>The entries matching input <c>q</c> (the home card).</summary>
    public const string Search = "admin.search";

    /// <summary>One entry in the edit form. Data: <c>id</c>.</summary>
    public const string Open = "admin.open";

    /// <summary>Saves the form as the entry's draft. Data: <c>id</c>, <c>etag</c>; inputs <c>question</c>, <c>alternatives</c>, <c>answer</c>, <c>enQuestion</c>, <c>enAnswer</c>, <c>note</c>.</summary>
    public const string Save = "admin.save";

    /// <summary>Sends the answer card built from the form, exactly as users would get it. Data and inputs as <see cref="Save"/>.</summary>
    public const string Preview = "admin.preview";

    /// <summary>Publishes the draft. Data: <c>id</c>, <c>etag</c>.</summary>
    public const string Publish = "admin.publish";

    /// <summary>The entry's revisions. Data: <c>id</c>.</summary>
    public const string History = "admin.history";

    /// <summary>Brings a revision back as the draft. Data: <c>id</c>, <c>revision</c>.</summary>
    public const string Restore = "admin.restore";

    /// <summary>What users asked and did not get, grouped.</summary>
    public const string Review = "admin.review";

    /// <summary>Adds a review group's questions as phrasings of an entry and publishes it. Data: <c>group</c>, <c>entry</c>.</summary>
    public const string ReviewPhrasings = "admin.review.phrasings";

    /// <summary>A draft entry from a review group. Data: <c>group</c>.</summary>
    public const string ReviewEntry = "admin.review.entry";

    /// <summary>Dismisses a review group. Data: <c>group</c>.</summary>
    public const string ReviewDismiss = "admin.review.dismiss";
}
