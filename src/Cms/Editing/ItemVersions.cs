using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PromoSite.Cms.Editing;

/// <summary>
/// An item's version as the management API's ETag, and the If-Match rule every write shares (the
/// editing endpoints and the review desk's): a missing If-Match is 428, a stale one 412 with the
/// current ETag, and nothing is overwritten.
/// </summary>
internal static class ItemVersions
{
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The refusal when the request does not name <paramref name="version"/> in If-Match; null when it does.</summary>
    public static ProblemHttpResult? Precondition(HttpContext http, int version)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send the ETag you read the item with in If-Match, so that a change made meanwhile is not overwritten.");
        }

        if (ifMatch.Trim() != ETag(version))
        {
            http.Response.Headers.ETag = ETag(version);
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else",
                detail: $"The item is at version {version}; your If-Match names another. Fetch it again and reapply your change.");
        }

        return null;
    }
}
