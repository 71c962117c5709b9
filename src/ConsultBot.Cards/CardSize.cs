using System.Text;
using System.Text.Json.Nodes;

namespace ConsultBot.Cards;

/// <summary>Size of a card as it goes on the wire.</summary>
public static class CardSize
{
    /// <summary>UTF-8 byte count of the card's compact JSON with System.Text.Json's default escaping
    /// (non-ASCII as \uXXXX, like the protocol serializer), so Polish text is not under-counted.</summary>
    public static int Utf8Bytes(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Encoding.UTF8.GetByteCount(card.ToJsonString());
    }
}
