using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// Declares in /openapi/v1.json how the management API is signed in to: a personal access token as
/// <c>Authorization: Bearer pst_…</c> (machines), or the admin's cookie (the admin's own pages), and
/// requires one of them on every /api/v1/manage operation, so generated clients send the token.
/// </summary>
internal sealed class ApiTokenOpenApiTransformer : IOpenApiDocumentTransformer
{
    public const string BearerSchemeId = "apiToken";
    public const string CookieSchemeId = "adminCookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerSchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "pst_{id}_{secret}",
            Description = "A personal access token made at /admin/tokens. Its scopes (read, write:{locale}, media:upload, analytics:read, webhooks:manage) "
                + "and its owner's role together decide what it may do; it works only under /api/v1/manage.",
        };
        document.Components.SecuritySchemes[CookieSchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "promosite.admin",
            Description = "The admin's sign-in cookie (SameSite=Strict), for the admin's own use of the API.",
        };

        // Either one: two requirement objects are alternatives in OpenAPI.
        OpenApiSecurityRequirement[] either =
        [
            new() { [new OpenApiSecuritySchemeReference(BearerSchemeId, document)] = [] },
            new() { [new OpenApiSecuritySchemeReference(CookieSchemeId, document)] = [] },
        ];
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/v1/manage", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                foreach (var requirement in either)
                {
                    operation.Security.Add(requirement);
                }
            }
        }

        return Task.CompletedTask;
    }
}
