namespace ConsultBot.Admin.Auth;

/// <summary>Who is calling the admin API or the admin page; the editor named in every revision.</summary>
/// <param name="Editor">Stamped into the history: <c>key:{name}</c> or <c>entra:{oid}</c>.</param>
/// <param name="DisplayName">For the page's header.</param>
public sealed record AdminIdentity(string Editor, string DisplayName);

internal enum AdminAuthOutcome
{
    Admin,

    /// <summary>No credentials, or credentials that prove nothing (unknown/revoked key, bad or unsigned token): 401.</summary>
    Unauthenticated,

    /// <summary>A valid token of someone who is not in <c>Admin:Users</c>: 403.</summary>
    NotAnAdmin,
}

internal sealed record AdminAuthResult(AdminAuthOutcome Outcome, AdminIdentity? Identity, string Reason);
