using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Enquiries;

namespace PromoSite.Web.Enquiries;

/// <summary>Enquiries per address and hour, so a flood cannot fill the inbox (or anyone's mailbox).</summary>
public sealed class EnquiryLimiter(IOptions<EnquiryOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.PerHourPerAddress),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public RateLimitLease Acquire(string address) => _limiter.AttemptAcquire(address);

    public void Dispose() => _limiter.Dispose();
}
