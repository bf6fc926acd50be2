using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Agencies;

/// <summary>The agencies, what they own and who works for them (migration 0021).</summary>
public static class AgencyTables
{
    public const int KeyLength = 60;

    extension(CmsDbContext db)
    {
        public DbSet<Agency> Agencies => db.Set<Agency>();

        public DbSet<AgencyOwnership> AgencyOwnerships => db.Set<AgencyOwnership>();

        public DbSet<AgencyMember> AgencyMembers => db.Set<AgencyMember>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<Agency>, IEntityTypeConfiguration<AgencyOwnership>, IEntityTypeConfiguration<AgencyMember>
    {
        public void Configure(EntityTypeBuilder<Agency> agency)
        {
            agency.ToTable("agencies");
            agency.Property(a => a.Key).HasMaxLength(KeyLength);
            agency.Property(a => a.NameVi).HasMaxLength(200);
            agency.Property(a => a.NameEn).HasMaxLength(200);
            agency.Property(a => a.NameKo).HasMaxLength(200);
            agency.Property(a => a.NameJa).HasMaxLength(200);
            agency.Property(a => a.NameZh).HasMaxLength(200);
            agency.Property(a => a.Address).HasMaxLength(300);
            agency.Property(a => a.Phone).HasMaxLength(40);
            agency.Property(a => a.Email).HasMaxLength(254);
            agency.Property(a => a.Website).HasMaxLength(300);
            agency.HasIndex(a => a.Key).IsUnique();
            agency.HasMany(a => a.Owns).WithOne().HasForeignKey(o => o.AgencyId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<AgencyOwnership> ownership)
        {
            ownership.ToTable("agency_ownerships");
            ownership.Property(o => o.Kind).HasMaxLength(16);
            ownership.Property(o => o.Value).HasMaxLength(120);
            ownership.HasIndex(o => new { o.Kind, o.Value, o.AgencyId }).IsUnique();
            ownership.HasIndex(o => o.AgencyId);
        }

        public void Configure(EntityTypeBuilder<AgencyMember> member)
        {
            member.ToTable("agency_members");
            member.HasKey(m => new { m.UserId, m.AgencyId });
            member.HasIndex(m => m.AgencyId);
            member.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<Agency>().WithMany().HasForeignKey(m => m.AgencyId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
