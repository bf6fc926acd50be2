using Microsoft.Extensions.Localization;
using PromoSite.Cms.Analytics;

namespace PromoSite.Cms.Admin;

/// <summary>The words inside the admin's charts, in the reader's admin language.</summary>
internal static class AdminCharts
{
    public static SvgCharts.Words Words(IStringLocalizer<AdminText> a) => new(
        a["admin.chart.views"], a["admin.chart.dailyVisitors"], a["admin.chart.perDay"], a["admin.chart.perDays"],
        a["admin.chart.moreDays"], a["admin.chart.dayTip"], a["admin.chart.partTip"]);
}
