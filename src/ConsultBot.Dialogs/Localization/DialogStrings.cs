using System.Globalization;
using System.Resources;

namespace ConsultBot.Dialogs.Localization;

/// <summary>
/// Typed access to <c>Resources/DialogStrings*.resx</c> for an explicit culture; the thread culture is never consulted
/// because one process serves Polish and English users at once.
/// </summary>
internal sealed class DialogStrings
{
    private static readonly ResourceManager Resources = new("ConsultBot.Dialogs.Resources.DialogStrings", typeof(DialogStrings).Assembly);
    private static readonly DialogStrings PolishStrings = new(DialogLocale.CultureOf(DialogLocale.Polish));
    private static readonly DialogStrings EnglishStrings = new(DialogLocale.CultureOf(DialogLocale.English));

    private readonly CultureInfo _culture;

    private DialogStrings(CultureInfo culture) => _culture = culture;

    public static DialogStrings For(string locale) =>
        string.Equals(DialogLocale.Resolve(locale), DialogLocale.English, StringComparison.Ordinal) ? EnglishStrings : PolishStrings;

    public string CancelConfirm => Get(nameof(CancelConfirm));

    public string Cancelled => Get(nameof(Cancelled));

    public string CancelDeclined => Get(nameof(CancelDeclined));

    public string CannotGoBack => Get(nameof(CannotGoBack));

    public string BackNotAllowed => Get(nameof(BackNotAllowed));

    public string Restarting => Get(nameof(Restarting));

    public string DefinitionChanged => Get(nameof(DefinitionChanged));

    public string DefaultHelp => Get(nameof(DefaultHelp));

    public string DefaultHelpNoBack => Get(nameof(DefaultHelpNoBack));

    public string TooManyAttempts => Get(nameof(TooManyAttempts));

    public string Yes => Get(nameof(Yes));

    public string No => Get(nameof(No));

    public string ConfirmRetry => Get(nameof(ConfirmRetry));

    public string ChoiceRetry => Get(nameof(ChoiceRetry));

    public string NumberRetry => Get(nameof(NumberRetry));

    public string TextRetry => Get(nameof(TextRetry));

    private string Get(string name) =>
        Resources.GetString(name, _culture) ?? throw new MissingManifestResourceException($"Dialog string '{name}' is missing from DialogStrings.resx.");
}
