using System.Text.Json.Serialization;

namespace ConsultBot.Dialogs;

/// <summary>
/// Source-generated JSON metadata for the dialog types: <c>DialogJsonContext.Default.DialogState</c> is what
/// <c>conversationState.CreateProperty("DialogState", …)</c> needs.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DialogState))]
[JsonSerializable(typeof(PromptOptions))]
[JsonSerializable(typeof(Choice))]
[JsonSerializable(typeof(FoundChoice))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(double))]
public sealed partial class DialogJsonContext : JsonSerializerContext;
