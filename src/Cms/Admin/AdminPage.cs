using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PromoSite.Cms.Admin;

/// <summary>
/// Base of every admin page that needs a signed-in user (sign-in pages derive from PageModel
/// directly). What a role may do is checked again in each handler with <see cref="Accounts.Permissions"/>.
/// </summary>
[Authorize]
public abstract class AdminPage : PageModel;
