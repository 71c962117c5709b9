using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultBot.Admin.Auth;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;

namespace ConsultBot.Admin;

/// <summary>Source-generated JSON of the admin API and its stored documents (camelCase, string enums, like the seed file).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(AdminKeyRecord))]
[JsonSerializable(typeof(AdminKeyInfo))]
[JsonSerializable(typeof(IReadOnlyList<AdminKeyInfo>))]
[JsonSerializable(typeof(AdminKeyCreated))]
[JsonSerializable(typeof(Api.AdminEntryInput))]
[JsonSerializable(typeof(Api.AdminEntryView))]
[JsonSerializable(typeof(IReadOnlyList<Api.AdminEntrySummary>))]
[JsonSerializable(typeof(IReadOnlyList<Api.AdminRevision>))]
[JsonSerializable(typeof(Api.AdminRevisionDetail))]
[JsonSerializable(typeof(Api.AdminConflict))]
[JsonSerializable(typeof(Api.ImportReport))]
[JsonSerializable(typeof(Api.ReviewList))]
[JsonSerializable(typeof(Api.PhrasingsRequest))]
[JsonSerializable(typeof(Api.SynonymsView))]
[JsonSerializable(typeof(Api.SynonymsInput))]
[JsonSerializable(typeof(Api.KeyCreateRequest))]
[JsonSerializable(typeof(Api.AdminMe))]
[JsonSerializable(typeof(Api.AdminTestResult))]
[JsonSerializable(typeof(FaqSeedDocument))]
[JsonSerializable(typeof(FaqEntry))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
