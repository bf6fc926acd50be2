using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Screens;

/// <summary>The screens table on the one <see cref="CmsDbContext"/>, and its mapping.</summary>
public static class ScreenTables
{
    extension(CmsDbContext db)
    {
        public DbSet<Screen> Screens => db.Set<Screen>();
    }

    internal sealed class ScreenMapping : IEntityTypeConfiguration<Screen>
    {
        public void Configure(EntityTypeBuilder<Screen> screen)
        {
            screen.ToTable("screens");
            screen.Property(s => s.Code).HasMaxLength(ScreenSettings.CodeLength);
            screen.Property(s => s.Name).HasMaxLength(ScreenSettings.MaxNameLength);
            screen.Property(s => s.Place).HasMaxLength(ScreenSettings.MaxPlaceLength);
            screen.Property(s => s.Orientation).HasConversion<string>().HasMaxLength(16);
            screen.Property(s => s.Locales).HasMaxLength(40);
            screen.Property(s => s.Rules).HasMaxLength(100);
            screen.Property(s => s.ChosenItems).HasMaxLength(1000);
            screen.Property(s => s.LastSeenVersion).HasMaxLength(64);
            screen.Ignore(s => s.LocaleList);
            screen.Ignore(s => s.RuleList);
            screen.Ignore(s => s.ChosenItemIds);
            screen.HasIndex(s => s.Code).IsUnique();
        }
    }
}
