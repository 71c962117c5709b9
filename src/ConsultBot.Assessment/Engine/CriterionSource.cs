using System.Text.Json.Serialization;

namespace ConsultBot.Assessment.Engine;

/// <summary>Which part of the seed's model description a reason comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionSource>))]
public enum CriterionSource
{
    /// <summary>"Sprawdza się / dobry dla miast, gdzie…" — when the model fits.</summary>
    [JsonStringEnumMemberName("when-it-fits")]
    WhenItFits,

    /// <summary>The model's features (approach, who delivers, pace).</summary>
    [JsonStringEnumMemberName("model-feature")]
    ModelFeature,

    /// <summary>"Warunki sukcesu" and the model's stated requirements.</summary>
    [JsonStringEnumMemberName("success-condition")]
    SuccessCondition,

    /// <summary>The leader column of the comparison table.</summary>
    [JsonStringEnumMemberName("leader")]
    Leader,
}
