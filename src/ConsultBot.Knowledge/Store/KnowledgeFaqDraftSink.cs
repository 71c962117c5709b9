using ConsultBot.Handoff;

namespace ConsultBot.Knowledge.Store;

/// <summary>
/// "Propose as FAQ" from a consultant becomes, with personal data removed, a <see cref="FaqStatus.Draft"/> entry in the store (not
/// searchable until an admin completes and publishes it). The consultant's question is the first
/// phrasing; admins add the rest before publishing.
/// </summary>
internal sealed class KnowledgeFaqDraftSink(IFaqStore store, TimeProvider timeProvider) : IFaqDraftSink
{
    public async Task<string> ProposeAsync(string question, string answer, string proposedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(answer);
        var now = timeProvider.GetUtcNow();
        var id = "propozycja-" + now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        // Personal data out before an admin ever reads the draft (the ticket keeps the original for its own retention).
        var q = PersonalDataScrubber.Scrub(question.Trim());
        answer = PersonalDataScrubber.Scrub(answer);

        // Drafts must pass the same validation as everything else, so the phrasings are placeholders
        // an admin replaces; HTML is neutralised because answers are markdown.
        string Clean(string s) => s.Replace('<', '‹').Replace('>', '›');
        var entry = new FaqEntry(
            id,
            Clean(q.Length > FaqEntryValidator.MaxQuestionLength ? q[..FaqEntryValidator.MaxQuestionLength] : q),
            ["(do uzupełnienia) sformułowanie 1", "(do uzupełnienia) sformułowanie 2", "(do uzupełnienia) sformułowanie 3"],
            Clean(answer.Trim().Length > FaqEntryValidator.MaxAnswerLength ? answer.Trim()[..FaqEntryValidator.MaxAnswerLength] : answer.Trim()),
            "propozycje",
            [],
            [],
            "Odpowiedź konsultanta Centrum Konsultacyjnego",
            FaqLocale.Polish,
            FaqStatus.Draft,
            now,
            proposedBy);
        var result = await store.UpsertAsync(entry, null, "consultant:" + proposedBy, cancellationToken);
        return result.Status == FaqWriteStatus.Saved
            ? id
            : throw new InvalidOperationException("The draft FAQ entry was rejected: " + string.Join("; ", result.Errors.Select(e => e.Field + " " + e.Message)));
    }
}
