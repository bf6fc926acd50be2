using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Admin;

/// <summary>The API's answer to a full disk (507) or an unreachable database (503), with a problem body that says so.</summary>
internal sealed partial class StorageFailureExceptionHandler(IProblemDetailsService problems, ILogger<StorageFailureExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api") || Classify(exception) is not { } failure)
        {
            return false;
        }

        LogRefused(logger, failure.Status, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = failure.Status;
        // Staff (the management API) are told which store failed and what to check; the public API only that it did.
        var detail = exception is Media.MediaStoreUnavailableException && httpContext.Request.Path.StartsWithSegments("/api/v1/manage") ? exception.Message : failure.Detail;
        if (failure.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "30";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = failure.Status, Title = failure.Title, Detail = detail },
        });
    }

    /// <summary>The answer a storage failure gets, or null for any other exception (a real 500).</summary>
    internal static (int Status, string Title, string Detail, string AdminKey)? Classify(Exception exception) =>
        StorageFull.Is(exception) ? (StatusCodes.Status507InsufficientStorage, "Insufficient storage", StorageFull.Detail, "admin.limits.diskFull")
        : DatabaseOutage.Is(exception) ? (StatusCodes.Status503ServiceUnavailable, "Database unavailable", DatabaseOutage.Detail, "admin.limits.databaseDown")
        : exception is Media.MediaStoreUnavailableException ? (StatusCodes.Status503ServiceUnavailable, "Media storage unavailable", MediaStoreDetail, "admin.limits.mediaStoreDown")
        : null;

    private const string MediaStoreDetail = "The media storage cannot be reached, so nothing was stored. Try again in a minute; the server's log says what failed.";

    [LoggerMessage(Level = LogLevel.Critical, Message = "A write was refused with {Status} ({Path}): storage failed")]
    internal static partial void LogRefused(ILogger logger, int status, string path, Exception exception);
}

/// <summary>
/// An admin form whose save met a full disk or an unreachable database is shown again as it was
/// posted (the page's bound input is still on it) with a message in the editor's language, instead
/// of the error page that threw the typed text away.
/// </summary>
internal sealed class StorageFailurePageFilter(IStringLocalizer<AdminText> text, ILogger<StorageFailurePageFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is { } exception && !executed.ExceptionHandled && context.HandlerInstance is AdminPage page
            && StorageFailureExceptionHandler.Classify(exception) is { } failure)
        {
            StorageFailureExceptionHandler.LogRefused(logger, failure.Status, context.HttpContext.Request.Path, exception);
            page.ModelState.AddModelError(string.Empty, text[failure.AdminKey]);
            context.HttpContext.Response.StatusCode = failure.Status;
            executed.ExceptionHandled = true;
            executed.Result = page.Page();
        }
    }
}
