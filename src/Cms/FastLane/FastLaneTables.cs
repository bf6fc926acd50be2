using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.FastLane;

/// <summary>The fast lane's table on the one <see cref="CmsDbContext"/> and its mapping (applied with every feature's).</summary>
public static class FastLaneTables
{
    extension(CmsDbContext db)
    {
        public DbSet<FastLaneCell> FastLaneCells => db.Set<FastLaneCell>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<FastLaneCell>
    {
        public void Configure(EntityTypeBuilder<FastLaneCell> cell)
        {
            cell.ToTable("fast_lane_cells");
            cell.Property(c => c.Locale).HasMaxLength(8);
            cell.Property(c => c.StartedBy).HasMaxLength(254);
            cell.HasIndex(c => new { c.ItemId, c.Locale });
            cell.HasIndex(c => c.AssigneeId);
            cell.HasOne<ContentItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
            cell.HasOne<Accounts.User>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
