using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using ConsultBot.Protocol.Schema;
using Microsoft.AspNetCore.Http;

namespace ConsultBot.Protocol.Hosting;

/// <summary>An activity read from a request, or why it was refused (a problem-details status and text).</summary>
/// <remarks>
/// <paramref name="CardActionErrorCode"/> is set when a malformed card action is refused: Teams expects the
/// refusal as an Adaptive Card error body, not as problem details.
/// </remarks>
public readonly record struct IncomingActivity(Activity? Activity, int Status, string? Problem, string? CardActionErrorCode = null);

/// <summary>
/// The first job of the incoming side: turn a request body into an activity the handlers can trust, or a
/// clear 400/413. Hostile shapes are refused or normalised here, once, so that no handler has to guard
/// against them: bodies over the limit, invalid UTF-8, unpaired UTF-16 surrogate escapes, missing ids,
/// and null entries or id-less members in the lists Teams fills.
/// </summary>
public static class IncomingActivityReader
{
    public static async Task<IncomingActivity> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is { } length && length > maxBodyBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, $"The body is {length} bytes; the limit is {maxBodyBytes} bytes.");
        }

        // A pooled buffer sized from Content-Length: a fresh 16 KiB chunk plus MemoryStream growth per request
        // were over half of an echo turn's allocations. +1 so that reading up to EOF needs no grow.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBodyBytes) + 1);
        var used = 0;
        try
        {
            while (true)
            {
                if (used == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBodyBytes + 1));
                    buffer.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(used), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                used += read;
                if (used > maxBodyBytes)
                {
                    return Refuse(StatusCodes.Status413PayloadTooLarge, $"The body exceeds the limit of {maxBodyBytes} bytes.");
                }
            }

            return Parse(buffer.AsSpan(0, used));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses, validates and normalises one activity body.</summary>
    public static IncomingActivity Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return Refuse(StatusCodes.Status400BadRequest, "The body is empty; expected an activity as JSON.");
        }

        if (!Utf8.IsValid(body))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The body is not valid UTF-8.");
        }

        if (HasUnpairedSurrogateEscape(body))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The body contains an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF); text must be valid Unicode.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.Activity);
        }
        catch (JsonException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"The body is not valid activity JSON: {ex.Message}");
        }

        var problem = Validate(activity);
        if (problem is not null)
        {
            return Refuse(StatusCodes.Status400BadRequest, problem);
        }

        // A card action without an Action.Execute is refused here, before a turn could store anything of it.
        if (CardActionProblem(activity!) is { } cardProblem)
        {
            return new IncomingActivity(null, StatusCodes.Status400BadRequest, cardProblem.Message, cardProblem.Code);
        }

        Normalise(activity!);
        return new IncomingActivity(activity, StatusCodes.Status200OK, null);
    }

    private static string? Validate(Activity? activity)
    {
        if (activity is null)
        {
            return "The body is not an activity object.";
        }

        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity has no 'type'.";
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no 'conversation.id'.";
        }

        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        if (!expectReplies && string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return "The activity has no 'serviceUrl' to send replies to.";
        }

        if (activity.ServiceUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return "The activity's 'serviceUrl' is not an absolute http(s) URL.";
        }

        // Whatever a user does (a message, a card click) is attributed to someone; Teams always says who.
        if ((activity.IsType(ActivityTypes.Message) || activity.IsType(ActivityTypes.Invoke)) && string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "The activity has no 'from.id'.";
        }

        return null;
    }

    private static (string Code, string Message)? CardActionProblem(Activity activity)
    {
        if (!activity.IsType(ActivityTypes.Invoke) || !string.Equals(activity.Name, InvokeNames.AdaptiveCardAction, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        AdaptiveCardInvokeValue? value = null;
        try
        {
            value = activity.Value?.Deserialize(ProtocolJsonContext.Default.AdaptiveCardInvokeValue);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Reported below as a missing action.
        }

        if (value?.Action is null)
        {
            return ("BadRequest", "Missing value.action for adaptiveCard/action.");
        }

        return string.Equals(value.Action.Type, "Action.Execute", StringComparison.OrdinalIgnoreCase)
            ? null
            : ("NotSupported", $"The action '{value.Action.Type}' is not supported; use Action.Execute.");
    }

    /// <summary>Drops what no handler should have to guard against: null list entries and members without an id.</summary>
    private static void Normalise(Activity activity)
    {
        activity.MembersAdded?.RemoveAll(m => m is null || string.IsNullOrWhiteSpace(m.Id));
        activity.MembersRemoved?.RemoveAll(m => m is null || string.IsNullOrWhiteSpace(m.Id));
        activity.Entities?.RemoveAll(e => e is null || string.IsNullOrWhiteSpace(e.Type));
        activity.Attachments?.RemoveAll(a => a is null);
        if (activity.IsType(ActivityTypes.Message))
        {
            activity.RemoveRecipientMention();
        }
    }

    /// <summary>
    /// True when a JSON string escape names half of a surrogate pair without the other half (<c>"\uD800"</c>):
    /// valid JSON, but not valid Unicode, and it breaks encoders deep inside handlers. A linear scan that
    /// counts backslashes, so an escaped backslash followed by "u" is not taken for an escape.
    /// </summary>
    internal static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var i = json.IndexOf("\\u"u8);
        if (i < 0)
        {
            return false;
        }

        var expectLow = false;
        for (; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\')
            {
                if (expectLow)
                {
                    return true;
                }

                continue;
            }

            // A backslash starts an escape; the character after it is consumed with it.
            if (i + 1 >= json.Length)
            {
                return expectLow;
            }

            if (json[i + 1] != (byte)'u' || i + 5 >= json.Length || !TryHex(json.Slice(i + 2, 4), out var code))
            {
                if (expectLow)
                {
                    return true;
                }

                i++;
                continue;
            }

            var high = code is >= 0xD800 and <= 0xDBFF;
            var low = code is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != low)
            {
                return true;
            }

            expectLow = high;
            i += 5;
        }

        return expectLow;
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            var d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        return true;
    }

    private static IncomingActivity Refuse(int status, string problem) => new(null, status, problem);
}
