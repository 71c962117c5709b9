using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsultBot.Knowledge.Store;

/// <summary>Source-generated JSON for the store documents, the admin API and the chat state (same conventions as the seed file).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    WriteIndented = false)]
[JsonSerializable(typeof(FaqEntryDocument))]
[JsonSerializable(typeof(FaqMetaDocument))]
[JsonSerializable(typeof(FaqSynonymsDocument))]
[JsonSerializable(typeof(FaqHistoryRecord))]
[JsonSerializable(typeof(IReadOnlyList<FaqHistoryRecord>))]
[JsonSerializable(typeof(FaqFeedback))]
[JsonSerializable(typeof(UnansweredQuestion))]
[JsonSerializable(typeof(IReadOnlyList<UnansweredQuestion>))]
[JsonSerializable(typeof(FaqEntry))]
[JsonSerializable(typeof(IReadOnlyList<FaqEntry>))]
[JsonSerializable(typeof(FaqSeedDocument))]
[JsonSerializable(typeof(FaqValidationError))]
[JsonSerializable(typeof(IReadOnlyList<FaqValidationError>))]
[JsonSerializable(typeof(Chat.TranscriptTurn))]
[JsonSerializable(typeof(List<Chat.TranscriptTurn>))]
internal sealed partial class KnowledgeStoreJsonContext : JsonSerializerContext;
