using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PromoSite.Cms.Agencies;

public static class AgencyExtensions
{
    /// <summary>Agencies: the directory, the ownership check every item decision passes, the audit log's agency and the contacts for the public side.</summary>
    public static IServiceCollection AddAgencies(this IServiceCollection services)
    {
        services.AddScoped<AgencyDirectory>();
        services.AddScoped<AgencySeed>();
        services.AddScoped<IAuthorizationHandler, AgencyOwnershipHandler>();
        services.AddSingleton<ISaveChangesInterceptor, AuditAgencyInterceptor>();
        services.AddSingleton<IAgencyContacts, AgencyContacts>();
        return services;
    }
}
