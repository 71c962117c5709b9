using ConsultBot.Admin.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace ConsultBot.Admin;

public static class AdminEndpoints
{
    /// <summary>
    /// <c>/api/admin/…</c>, the OpenAPI document at <c>/openapi/v1.json</c> with a browsable reference at
    /// <c>/openapi/reference</c>, and the admin page at <c>/admin</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapAdminApi();
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapScalarApiReference("/openapi/reference", o => o.WithTitle("ConsultBot admin API").AddDocument("v1"));
        endpoints.MapAdminPage();
        return endpoints;
    }
}
