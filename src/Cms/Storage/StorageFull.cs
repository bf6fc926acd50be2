using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PromoSite.Cms.Storage;

/// <summary>
/// The disk holding the database or the media is full. Nothing is lost (a failed write commits
/// nothing and an unfinished upload is deleted), but the person writing must be told, and an editor
/// must keep the text they typed: the API answers 507 Insufficient Storage with the reason, and an
/// admin form is shown again with its input and a message, instead of a bare 500 or the public error page.
/// </summary>
public static partial class StorageFull
{
    private const int SqliteFull = 13; // SQLITE_FULL
    private const string PostgresDiskFull = "53100"; // disk_full
    private const int Enospc = 28; // Linux errno, which .NET puts in IOException.HResult
    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresDiskFull }:
                case IOException { HResult: Enospc or WindowsDiskFull or WindowsHandleDiskFull }:
                    return true;
            }
        }

        return false;
    }

    public const string Detail = "The server's disk is full, so nothing was saved; what was stored before is intact. Try again once an administrator has freed space.";

    [LoggerMessage(Level = LogLevel.Critical, Message = "The disk is full: a write was refused ({Path})")]
    internal static partial void LogFull(ILogger logger, string path, Exception exception);
}

/// <summary>The API's answer to a full disk: 507 with a problem body that says so.</summary>
internal sealed class StorageFullExceptionHandler(IProblemDetailsService problems, ILogger<StorageFullExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFull.Is(exception) || !httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        StorageFull.LogFull(logger, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status507InsufficientStorage, Title = "Insufficient storage", Detail = StorageFull.Detail },
        });
    }
}

/// <summary>
/// An admin form whose save met a full disk is shown again as it was posted (the page's bound
/// input is still on it) with a message in the editor's language, instead of the error page that
/// threw the typed text away.
/// </summary>
internal sealed class StorageFullPageFilter(IStringLocalizer<Admin.AdminText> text, ILogger<StorageFullPageFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is { } exception && !executed.ExceptionHandled && StorageFull.Is(exception)
            && context.HandlerInstance is Admin.AdminPage page)
        {
            StorageFull.LogFull(logger, context.HttpContext.Request.Path, exception);
            page.ModelState.AddModelError(string.Empty, text["admin.limits.diskFull"]);
            context.HttpContext.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
            executed.ExceptionHandled = true;
            executed.Result = page.Page();
        }
    }
}
