namespace ConsultBot.Cards;

/// <summary>A rendered card is larger than <see cref="CardOptions.MaxCardBytes"/>.</summary>
public sealed class CardTooLargeException : Exception
{
    public CardTooLargeException()
    {
    }

    public CardTooLargeException(string message)
        : base(message)
    {
    }

    public CardTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CardTooLargeException(string cardName, int bytes, int limit)
        : base($"Card '{cardName}' is {bytes} bytes, over the {limit}-byte limit.")
    {
        CardName = cardName;
        Bytes = bytes;
        Limit = limit;
    }

    public string? CardName { get; }

    public int Bytes { get; }

    public int Limit { get; }
}
