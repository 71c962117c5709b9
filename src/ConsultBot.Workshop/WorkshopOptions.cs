using System.ComponentModel.DataAnnotations;

namespace ConsultBot.Workshop;

/// <summary>Configuration section <c>Workshop</c>, validated at start.</summary>
public sealed class WorkshopOptions : IValidatableObject
{
    public const string SectionName = "Workshop";

    /// <summary>
    /// The HMAC-SHA256 key that signs partnership-plan links, at least 32 characters. Empty: the plan button says
    /// plan links are not set up (nothing is signed with a guessable key).
    /// </summary>
    public string? PlanLinkKey { get; set; }

    /// <summary>How long a plan link works after it was sent.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan PlanLinkLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The address people's browsers reach the bot at (plan links start with it).</summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:3978";

    /// <summary>A poll (with its voters' ids) is deleted this many days after it was started.</summary>
    [Range(1, 3650)]
    public int PollRetentionDays { get; set; } = 90;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PlanLinkKey) && PlanLinkKey.Trim().Length < 32)
        {
            yield return new ValidationResult("Workshop:PlanLinkKey must be at least 32 characters (or empty to switch plan links off).", [nameof(PlanLinkKey)]);
        }

        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("Workshop:PublicBaseUrl must be an absolute http(s) address.", [nameof(PublicBaseUrl)]);
        }
    }

    internal bool PlanLinksEnabled => !string.IsNullOrWhiteSpace(PlanLinkKey);
}
