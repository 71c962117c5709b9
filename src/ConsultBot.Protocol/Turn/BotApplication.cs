using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Telemetry;

namespace ConsultBot.Protocol.Turn;

/// <summary>A turn handler.</summary>
public delegate Task RouteHandler(ITurnContext turnContext, CancellationToken cancellationToken);

/// <summary>An invoke handler: its result is the HTTP answer.</summary>
public delegate Task<InvokeResponse> InvokeHandler(ITurnContext turnContext, CancellationToken cancellationToken);

/// <summary>A card action handler (Action.Execute invoke, or an Action.Submit carrying a <c>verb</c>).</summary>
public delegate Task<AdaptiveCardInvokeResponse> CardActionHandler(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken);

/// <summary>A clicked card button: its verb, its data (inputs merged in) and the message that holds the card.</summary>
public sealed record CardActionRequest(string Verb, JsonObject Data, bool IsInvoke, string? CardActivityId)
{
    /// <summary>A string field of <see cref="Data"/>, or null.</summary>
    public string? GetString(string name) => Data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : Data[name]?.ToJsonString();
}

/// <summary>Where a route sits among the others: first-ranked routes are tried first.</summary>
public enum RouteRank
{
    /// <summary>Turns that are never anyone's answer: lifecycle events, the consultants' channel, privacy commands.</summary>
    First = 0,

    /// <summary>An active dialog (<see cref="BotApplication.OnDialog"/>): after the first routes, before every command.</summary>
    Dialog = 50,
    Normal = 100,
    Last = 1000,
}

/// <summary>A dialog route: continues its active dialog and says whether it took the turn.</summary>
public delegate Task<DialogTurn> DialogRouteHandler(ITurnContext turnContext, CancellationToken cancellationToken);

/// <summary>Runs after the routes a dialog passed the turn to; <paramref name="taken"/> says whether one of them took it.</summary>
public delegate Task AfterPassedOn(ITurnContext turnContext, bool taken, CancellationToken cancellationToken);

/// <summary>What an active dialog did with the turn: took it, or "not mine, go on" to the later routes.</summary>
public sealed record DialogTurn
{
    private DialogTurn(bool passesOn, RouteRank upTo, AfterPassedOn? after)
    {
        PassesOn = passesOn;
        UpTo = upTo;
        After = after;
    }

    /// <summary>The dialog answered the turn.</summary>
    public static DialogTurn Handled { get; } = new(false, RouteRank.Dialog, null);

    /// <summary>The message is no answer: the router offers it to the routes after the dialog's, up to rank <see cref="UpTo"/>.</summary>
    public bool PassesOn { get; }

    public RouteRank UpTo { get; }

    /// <summary>Called once the later routes had their chance (e.g. to ask the dialog's question again).</summary>
    public AfterPassedOn? After { get; }

    /// <summary>
    /// "Not mine, go on": a command or a question for another feature. <paramref name="upTo"/> bounds how far it goes
    /// (<see cref="RouteRank.Normal"/>: commands only, not the last-resort route); <paramref name="after"/> runs afterwards.
    /// </summary>
    public static DialogTurn NotMine(RouteRank upTo = AnyRank, AfterPassedOn? after = null) => new(true, upTo, after);

    /// <summary>Every rank, the safety net included.</summary>
    public const RouteRank AnyRank = (RouteRank)int.MaxValue;
}

/// <summary>
/// The bot as a list of routes, in the style of the newer SDKs: on message text or regex, on activity
/// type, on conversation update, on invoke name, on card action verb, and a last-resort route.
/// Invoke routes are tried first; then routes by rank, in registration order. Dialog continuation is the router's job:
/// a feature registers its dialog with <see cref="OnDialog"/>; while that dialog is active it gets every message at
/// <see cref="RouteRank.Dialog"/>, before the commands, and may hand the turn on (<see cref="DialogTurn.NotMine"/>).
/// Every card action and invoke route carries a <see cref="CardActionAccess"/>: the router checks it
/// (with the feature's <see cref="ICardActionGuard"/>) before the handler runs, and a refused caller gets
/// the feature's polite refusal or a 403 that names nothing of the resource.
/// </summary>
public class BotApplication : IBot
{
    // Turn state: the index of the route whose handler is running (for ContinueRoutingAsync).
    private const string RoutePositionKey = "botApplication.routePosition";

    private readonly List<Route> _routes = [];
    private readonly Dictionary<string, GuardedCardAction> _cardActions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, GuardedInvoke> _invokes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _actionTable = [];
    private int _order;
    private string _feature = "app";

    /// <summary>Answers a card action whose verb no route knows (default: a 400 error body).</summary>
    public CardActionHandler UnknownCardAction { get; set; } = (_, request, _) =>
        Task.FromResult(AdaptiveCardInvokeResponse.Error(400, "UnknownVerb", $"Unknown card action '{request.Verb}'."));

    /// <summary>
    /// Answers a refused card action or invoke when the feature's guard has no refusal of its own
    /// (default: a 403 error body that says nothing about the resource).
    /// </summary>
    public Func<ITurnContext, CardActionRequest, AdaptiveCardInvokeResponse> CardActionRefused { get; set; } = static (_, _) =>
        AdaptiveCardInvokeResponse.Error(403, "Forbidden", "This action is not available to you.");

    /// <summary>The authorization table of every registered card action (verb → access), for documentation and tests.</summary>
    public IReadOnlyDictionary<string, CardActionAccess> CardActionRules =>
        _cardActions.ToDictionary(kv => kv.Key, kv => kv.Value.Access, StringComparer.OrdinalIgnoreCase);

    /// <summary>The authorization table of every registered invoke (name → access).</summary>
    public IReadOnlyDictionary<string, CardActionAccess> InvokeRules =>
        _invokes.ToDictionary(kv => kv.Key, kv => kv.Value.Access, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds a feature's routes, labelled with its <see cref="IBotFeature.Name"/> in <see cref="RouteTable"/>. The order
    /// features are added in decides which of two routes of the same rank is tried first.
    /// </summary>
    public BotApplication AddFeature(IBotFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var outer = _feature;
        _feature = feature.Name;
        try
        {
            feature.Register(this);
        }
        finally
        {
            _feature = outer;
        }

        return this;
    }

    /// <summary>
    /// The routes in the order the router tries them, one line each (rank, feature, what it matches, handler), then the
    /// card actions and invokes with who may use them: the whole bot on one screen, for documentation and tests.
    /// </summary>
    public IReadOnlyList<string> RouteTable =>
    [
        .. _routes.Select(r => $"{RankName(r.Rank),-7} {r.Feature,-15} {r.Name}"),
        .. _actionTable,
    ];

    /// <summary>On a message whose folded text equals one of <paramref name="commands"/> (case and diacritics ignored).</summary>
    public BotApplication OnMessage(string[] commands, RouteHandler handler, RouteRank rank = RouteRank.Normal)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var folded = commands.Select(TextMatching.Fold).ToHashSet(StringComparer.Ordinal);
        return OnActivity(ctx => ctx.Activity.IsType(ActivityTypes.Message) && folded.Contains(TextMatching.Fold(ctx.Activity.Text)), handler, rank,
            $"message = {string.Join(" | ", commands)} → {NameOf(handler)}");
    }

    /// <summary>On a message whose folded text matches the pattern.</summary>
    public BotApplication OnMessage(Regex pattern, RouteHandler handler, RouteRank rank = RouteRank.Normal)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return OnActivity(ctx => ctx.Activity.IsType(ActivityTypes.Message) && ctx.Activity.Text is { } text && pattern.IsMatch(TextMatching.Fold(text)), handler, rank,
            $"message ~ /{pattern}/ → {NameOf(handler)}");
    }

    /// <summary>On any message (typically with <see cref="RouteRank.Last"/>).</summary>
    public BotApplication OnMessage(RouteHandler handler, RouteRank rank = RouteRank.Normal) =>
        OnActivity(ctx => ctx.Activity.IsType(ActivityTypes.Message), handler, rank, $"any message → {NameOf(handler)}");

    /// <summary>On an activity type.</summary>
    public BotApplication OnActivity(string type, RouteHandler handler, RouteRank rank = RouteRank.Normal) =>
        OnActivity(ctx => ctx.Activity.IsType(type), handler, rank, $"{type} → {NameOf(handler)}");

    /// <summary>On any activity the selector accepts; <paramref name="name"/> labels it in <see cref="RouteTable"/>.</summary>
    public BotApplication OnActivity(Func<ITurnContext, bool> selector, RouteHandler handler, RouteRank rank = RouteRank.Normal, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return OnActivity((ctx, _) => ValueTask.FromResult(selector(ctx)), handler, rank, name ?? $"{NameOf(selector)} → {NameOf(handler)}");
    }

    /// <summary>
    /// On any activity an asynchronous selector accepts — for decisions that need state (state is loaded once per
    /// turn, so asking is cheap); <paramref name="name"/> labels it in <see cref="RouteTable"/>.
    /// </summary>
    public BotApplication OnActivity(Func<ITurnContext, CancellationToken, ValueTask<bool>> selector, RouteHandler handler, RouteRank rank = RouteRank.Normal, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(handler);
        _routes.Add(new Route(selector, handler, rank, _order++, _feature, name ?? $"{NameOf(selector)} → {NameOf(handler)}"));
        _routes.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Order.CompareTo(b.Order));
        return this;
    }

    /// <summary>
    /// An active dialog: while <paramref name="isActive"/> says so (state is loaded once per turn, so asking is cheap)
    /// the dialog gets the turn at <see cref="RouteRank.Dialog"/>. When its handler answers <see cref="DialogTurn.NotMine"/>
    /// the router offers the turn to the routes after it, then calls the handler's <see cref="DialogTurn.After"/>.
    /// </summary>
    public BotApplication OnDialog(Func<ITurnContext, CancellationToken, ValueTask<bool>> isActive, DialogRouteHandler handler)
    {
        ArgumentNullException.ThrowIfNull(isActive);
        ArgumentNullException.ThrowIfNull(handler);
        return OnActivity(isActive, async (turnContext, cancellationToken) =>
        {
            var outcome = await handler(turnContext, cancellationToken).ConfigureAwait(false);
            if (!outcome.PassesOn)
            {
                return;
            }

            var taken = await ContinueRoutingAsync(turnContext, outcome.UpTo, cancellationToken).ConfigureAwait(false);
            if (outcome.After is { } after)
            {
                await after(turnContext, taken, cancellationToken).ConfigureAwait(false);
            }
        }, RouteRank.Dialog, $"active dialog ({NameOf(isActive)}) → {NameOf(handler)}");
    }

    /// <summary>On a conversation update that adds members other than the bot.</summary>
    public BotApplication OnMembersAdded(RouteHandler handler, RouteRank rank = RouteRank.Normal) =>
        OnActivity(ctx => ctx.Activity.IsType(ActivityTypes.ConversationUpdate) && (ctx.Activity.MembersAdded?.Count ?? 0) > 0, handler, rank,
            $"members added → {NameOf(handler)}");

    /// <summary>On a conversation update (any event type).</summary>
    public BotApplication OnConversationUpdate(RouteHandler handler, RouteRank rank = RouteRank.Normal) =>
        OnActivity(ActivityTypes.ConversationUpdate, handler, rank);

    /// <summary>
    /// On an invoke of the given name, callable by <paramref name="access"/> (checked with <paramref name="guard"/>);
    /// the handler's result is the HTTP answer.
    /// </summary>
    public BotApplication OnInvoke(string name, CardActionAccess access, InvokeHandler handler, ICardActionGuard? guard = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (string.Equals(name, InvokeNames.AdaptiveCardAction, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Register Action.Execute handlers with OnCardAction(verb, access, handler), not OnInvoke.", nameof(name));
        }

        RequireGuard(name, access, guard);
        if (!_invokes.TryAdd(name, new GuardedInvoke(access, handler, guard)))
        {
            throw new ArgumentException($"An invoke route for '{name}' is already registered.", nameof(name));
        }

        _actionTable.Add($"{"invoke",-7} {_feature,-15} {name} [{access}] → {NameOf(handler)}");
        return this;
    }

    /// <summary>
    /// On a card action with the given verb (Action.Execute, or Action.Submit with <c>data.verb</c>), callable by
    /// <paramref name="access"/>; owner, consultant and admin rules are answered by <paramref name="guard"/>.
    /// </summary>
    public BotApplication OnCardAction(string verb, CardActionAccess access, CardActionHandler handler, ICardActionGuard? guard = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        ArgumentNullException.ThrowIfNull(handler);
        RequireGuard(verb, access, guard);
        if (!_cardActions.TryAdd(verb, new GuardedCardAction(access, handler, guard)))
        {
            throw new ArgumentException($"A card action route for verb '{verb}' is already registered.", nameof(verb));
        }

        _actionTable.Add($"{"card",-7} {_feature,-15} {verb} [{access}] → {NameOf(handler)}");
        return this;
    }

    /// <summary>Registers a feature's whole authorization table (see <see cref="CardActionTable"/>).</summary>
    public BotApplication OnCardActions(CardActionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var rule in table)
        {
            OnCardAction(rule.Verb, rule.Access, rule.Handler, table.Guard);
        }

        return this;
    }

    /// <summary>True when a card action route for the verb exists.</summary>
    public bool HasCardAction(string verb) => _cardActions.ContainsKey(verb);

    public virtual async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.IsType(ActivityTypes.Invoke))
        {
            var response = await RouteInvokeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            if (response is not null && turnContext is TurnContext concrete)
            {
                concrete.SetInvokeResponse(response);
            }

            return;
        }

        if (activity.IsType(ActivityTypes.Message) && TryReadSubmittedVerb(activity, out var submitted))
        {
            await HandleSubmittedCardActionAsync(turnContext, submitted, cancellationToken).ConfigureAwait(false);
            return;
        }

        await RouteFromAsync(turnContext, 0, DialogTurn.AnyRank, cancellationToken).ConfigureAwait(false);
    }

    // "Not mine, go on": the routes after the one now running, up to rank upTo; false when none took the turn.
    private Task<bool> ContinueRoutingAsync(ITurnContext turnContext, RouteRank upTo, CancellationToken cancellationToken)
    {
        var from = turnContext.TurnState.TryGet<int>(RoutePositionKey, out var current) ? current + 1 : 0;
        return RouteFromAsync(turnContext, from, upTo, cancellationToken);
    }

    private async Task<bool> RouteFromAsync(ITurnContext turnContext, int start, RouteRank upTo, CancellationToken cancellationToken)
    {
        for (var i = start; i < _routes.Count && _routes[i].Rank <= upTo; i++)
        {
            var route = _routes[i];
            if (await route.Selector(turnContext, cancellationToken).ConfigureAwait(false))
            {
                var outer = turnContext.TurnState.TryGet<int>(RoutePositionKey, out var position) ? position : -1;
                turnContext.TurnState.Set(RoutePositionKey, i);
                using var span = ConsultBotTelemetry.Start("consultbot.route");
                span?.SetTag("consultbot.route.index", i);
                span?.SetTag("consultbot.route.rank", route.Rank.ToString());
                try
                {
                    await route.Handler(turnContext, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    turnContext.TurnState.Set(RoutePositionKey, outer);
                }

                return true;
            }
        }

        return false;
    }

    private async Task<InvokeResponse?> RouteInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (string.Equals(activity.Name, InvokeNames.AdaptiveCardAction, StringComparison.OrdinalIgnoreCase))
        {
            return await RouteAdaptiveCardActionAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }

        if (activity.Name is { } name && _invokes.TryGetValue(name, out var route))
        {
            var request = new CardActionRequest(name, activity.Value as JsonObject ?? new JsonObject(), IsInvoke: true, activity.ReplyToId);
            if (!await IsAllowedAsync(turnContext, request, route.Access, route.Guard, cancellationToken).ConfigureAwait(false))
            {
                var refusal = Refuse(turnContext, request, route.Access, route.Guard);
                return ToInvokeResponse(refusal, refusal.StatusCode is >= 400 and < 500 ? refusal.StatusCode : 200);
            }

            return await route.Handler(turnContext, cancellationToken).ConfigureAwait(false);
        }

        // Nobody handles it: the adapter answers 501.
        return null;
    }

    private async Task<InvokeResponse> RouteAdaptiveCardActionAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        AdaptiveCardInvokeValue? value = null;
        try
        {
            value = turnContext.Activity.Value?.Deserialize(ProtocolJsonContext.Default.AdaptiveCardInvokeValue);
        }
        catch (JsonException)
        {
            // Reported as a bad request below.
        }

        if (value?.Action is null)
        {
            return ToInvokeResponse(AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing value.action for adaptiveCard/action."), httpStatus: 400);
        }

        if (!string.Equals(value.Action.Type, "Action.Execute", StringComparison.OrdinalIgnoreCase))
        {
            return ToInvokeResponse(AdaptiveCardInvokeResponse.Error(400, "NotSupported", $"The action '{value.Action.Type}' is not supported; use Action.Execute."), httpStatus: 400);
        }

        var data = value.Action.Data as JsonObject ?? new JsonObject();
        var request = new CardActionRequest(value.Action.Verb ?? string.Empty, data, IsInvoke: true, turnContext.Activity.ReplyToId);
        var result = await DispatchCardActionAsync(turnContext, request, cancellationToken).ConfigureAwait(false);
        return ToInvokeResponse(result, httpStatus: 200);
    }

    /// <summary>The one place card actions are authorized: the verb's rule is checked before its handler runs.</summary>
    private async Task<AdaptiveCardInvokeResponse> DispatchCardActionAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (!_cardActions.TryGetValue(request.Verb, out var route))
        {
            return await UnknownCardAction(turnContext, request, cancellationToken).ConfigureAwait(false);
        }

        if (!await IsAllowedAsync(turnContext, request, route.Access, route.Guard, cancellationToken).ConfigureAwait(false))
        {
            return Refuse(turnContext, request, route.Access, route.Guard);
        }

        return await route.Handler(turnContext, request, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<bool> IsAllowedAsync(ITurnContext turnContext, CardActionRequest request, CardActionAccess access, ICardActionGuard? guard, CancellationToken cancellationToken)
    {
        var personal = !turnContext.Activity.IsSharedConversation();
        return access switch
        {
            CardActionAccess.Anyone => true,
            CardActionAccess.PersonalChat => personal,
            CardActionAccess.Owner => personal && await guard!.IsOwnerAsync(turnContext, request, cancellationToken).ConfigureAwait(false),
            CardActionAccess.Consultant => await guard!.IsConsultantAsync(turnContext, request, cancellationToken).ConfigureAwait(false),
            CardActionAccess.Admin => await guard!.IsAdminAsync(turnContext, cancellationToken).ConfigureAwait(false),
            CardActionAccess.Starter => await guard!.IsStarterAsync(turnContext, request, cancellationToken).ConfigureAwait(false),
            _ => false,
        };
    }

    private AdaptiveCardInvokeResponse Refuse(ITurnContext turnContext, CardActionRequest request, CardActionAccess access, ICardActionGuard? guard) =>
        guard?.Refusal(turnContext, request, access) ?? CardActionRefused(turnContext, request);

    private static void RequireGuard(string name, CardActionAccess access, ICardActionGuard? guard)
    {
        if (guard is null && access is CardActionAccess.Owner or CardActionAccess.Consultant or CardActionAccess.Admin or CardActionAccess.Starter)
        {
            throw new ArgumentException($"'{name}' is restricted to {access}: pass the feature's ICardActionGuard that answers who that is.", nameof(guard));
        }
    }

    private async Task HandleSubmittedCardActionAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var result = await DispatchCardActionAsync(turnContext, request, cancellationToken).ConfigureAwait(false);

        // A message-based click cannot return a card: send what an invoke would have shown.
        if (result.Type == ContentTypes.AdaptiveCard && result.Value is { } card)
        {
            var message = Activity.CreateMessageActivity();
            message.Attachments = [Attachment.AdaptiveCard(card.DeepClone())];
            await turnContext.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
        }
        else if (result.Type == ContentTypes.Message && result.Value is JsonValue text)
        {
            await turnContext.SendActivityAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        }
        else if (result.Value?["message"] is JsonValue error)
        {
            await turnContext.SendActivityAsync(error.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool TryReadSubmittedVerb(Activity activity, out CardActionRequest request)
    {
        request = null!;
        if (!string.IsNullOrWhiteSpace(activity.Text) || activity.Value is not JsonObject data)
        {
            return false;
        }

        if (data["verb"] is JsonValue verb && verb.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name))
        {
            request = new CardActionRequest(name, data, IsInvoke: false, activity.ReplyToId);
            return true;
        }

        return false;
    }

    private static InvokeResponse ToInvokeResponse(AdaptiveCardInvokeResponse response, int httpStatus) =>
        new(httpStatus, JsonSerializer.SerializeToNode(response, ProtocolJsonContext.Default.AdaptiveCardInvokeResponse));

    private sealed record GuardedCardAction(CardActionAccess Access, CardActionHandler Handler, ICardActionGuard? Guard);

    private sealed record GuardedInvoke(CardActionAccess Access, InvokeHandler Handler, ICardActionGuard? Guard);

    private static string RankName(RouteRank rank) => rank == DialogTurn.AnyRank ? "Net" : Enum.IsDefined(rank) ? rank.ToString() : ((int)rank).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // A method group names itself ("AssessmentCommands.OnHistoryAsync"); a lambda has no stable name, so it shows as "λ".
    private static string NameOf(Delegate handler)
    {
        var method = handler.Method;
        return method.Name.Contains('<', StringComparison.Ordinal) ? "λ" : $"{method.DeclaringType?.Name}.{method.Name}";
    }

    private sealed record Route(Func<ITurnContext, CancellationToken, ValueTask<bool>> Selector, RouteHandler Handler, RouteRank Rank, int Order, string Feature, string Name);
}
