namespace ConsultBot.Cards.Templating;

/// <summary>A template that cannot be parsed or expanded (where the npm engine would throw as well).</summary>
public sealed class CardTemplateException : Exception
{
    public CardTemplateException()
    {
    }

    public CardTemplateException(string message)
        : base(message)
    {
    }

    public CardTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
