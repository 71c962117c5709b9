using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Turn;

/// <summary>
/// Who may press a card button (or send an invoke). Every card action and invoke route names one; the
/// router checks it before the handler runs, so a forged invoke never reaches feature code.
/// </summary>
public enum CardActionAccess
{
    /// <summary>Any caller in any conversation: the answer holds nothing personal (FAQ answers, model cards).</summary>
    Anyone,

    /// <summary>Any caller, but only in a 1:1 chat with the bot: the action reads or writes the caller's own state.</summary>
    PersonalChat,

    /// <summary>
    /// The owner of the thing the data names (the asker of a ticket, the user a confirmation was made for),
    /// in a 1:1 chat with the bot; the feature's <see cref="ICardActionGuard.IsOwnerAsync"/> decides ownership.
    /// </summary>
    Owner,

    /// <summary>A consultant, acting in the consultants' conversation (<see cref="ICardActionGuard.IsConsultantAsync"/>).</summary>
    Consultant,

    /// <summary>An administrator of the bot (<see cref="ICardActionGuard.IsAdminAsync"/>).</summary>
    Admin,

    /// <summary>
    /// The one who started the shared thing the data names (a team poll), acting in the conversation where it lives;
    /// unlike <see cref="Owner"/> this works in group chats and channels (<see cref="ICardActionGuard.IsStarterAsync"/>).
    /// </summary>
    Starter,
}

/// <summary>
/// The resource-level half of the authorization rules, implemented by a feature that knows its data:
/// whose ticket this is, who is a consultant. The router asks only what the verb's
/// <see cref="CardActionAccess"/> needs; anything not implemented answers "no".
/// </summary>
public interface ICardActionGuard
{
    /// <summary>True when the caller owns the resource named in <paramref name="request"/>'s data.</summary>
    ValueTask<bool> IsOwnerAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>True when the caller is a consultant acting in the consultants' conversation.</summary>
    ValueTask<bool> IsConsultantAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>True when the caller started the shared resource named in <paramref name="request"/>'s data, in its conversation.</summary>
    ValueTask<bool> IsStarterAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>True when the caller is an administrator of the bot.</summary>
    ValueTask<bool> IsAdminAsync(ITurnContext turnContext, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>
    /// What a refused caller is told (a polite, localized message that names nothing of the resource), or null
    /// for the router's 403. Never include data of the resource: the caller is not allowed to see it.
    /// </summary>
    AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access) => null;
}

/// <summary>One row of a feature's authorization table: the verb, who may call it, and what it does.</summary>
public sealed record CardActionRule(string Verb, CardActionAccess Access, CardActionHandler Handler);

/// <summary>
/// A feature's card actions as one readable table (collection initializer: <c>{ verb, access, handler }</c>),
/// all checked with the same <see cref="ICardActionGuard"/>. Register it with <see cref="BotApplication.OnCardActions"/>.
/// </summary>
public sealed class CardActionTable(ICardActionGuard? guard = null) : IEnumerable<CardActionRule>
{
    private readonly List<CardActionRule> _rules = [];

    public ICardActionGuard? Guard { get; } = guard;

    public void Add(string verb, CardActionAccess access, CardActionHandler handler) => _rules.Add(new CardActionRule(verb, access, handler));

    public IEnumerator<CardActionRule> GetEnumerator() => _rules.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
