using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Accounts;

/// <summary>
/// The tables of users, their sessions, recovery codes, API tokens and the audit log: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class AccountTables
{
    extension(CmsDbContext db)
    {
        public DbSet<User> Users => db.Set<User>();

        public DbSet<AuditEntry> AuditLog => db.Set<AuditEntry>();

        public DbSet<UserSession> UserSessions => db.Set<UserSession>();

        public DbSet<RecoveryCode> RecoveryCodes => db.Set<RecoveryCode>();

        public DbSet<ApiToken> ApiTokens => db.Set<ApiToken>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<User>, IEntityTypeConfiguration<AuditEntry>, IEntityTypeConfiguration<UserSession>, IEntityTypeConfiguration<RecoveryCode>, IEntityTypeConfiguration<ApiToken>
    {
        public void Configure(EntityTypeBuilder<User> user)
        {
            user.ToTable("users");
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.DisplayName).HasMaxLength(120);
            user.Property(u => u.PasswordHash).HasMaxLength(200);
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
            user.Property(u => u.Locales).HasMaxLength(40);
            user.Property(u => u.TotpSecret).HasMaxLength(400);
            user.Property(u => u.SecurityStamp).HasMaxLength(64);
            user.Property(u => u.TimeZone).HasMaxLength(64);
            user.Property(u => u.AdminLanguage).HasMaxLength(8);
            user.HasIndex(u => u.Email).IsUnique();
            user.Ignore(u => u.LocaleList);
        }

        public void Configure(EntityTypeBuilder<AuditEntry> entry)
        {
            entry.ToTable("audit_log");
            entry.Property(e => e.Actor).HasMaxLength(254);
            entry.Property(e => e.Action).HasMaxLength(40);
            entry.Property(e => e.Target).HasMaxLength(200);
            entry.Property(e => e.Detail).HasMaxLength(1000);
            entry.Property(e => e.Address).HasMaxLength(64);
            entry.Property(e => e.Agency).HasMaxLength(60);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Action, e.At });
        }

        public void Configure(EntityTypeBuilder<UserSession> session)
        {
            session.ToTable("user_sessions");
            session.Property(s => s.TokenHash).HasMaxLength(64);
            session.Property(s => s.UserAgent).HasMaxLength(300);
            session.Property(s => s.Address).HasMaxLength(64);
            session.Property(s => s.RevokedReason).HasMaxLength(40);
            session.HasIndex(s => s.TokenHash).IsUnique();
            session.HasIndex(s => s.UserId);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<RecoveryCode> code)
        {
            code.ToTable("recovery_codes");
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.HasIndex(c => c.UserId);
            code.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<ApiToken> token)
        {
            token.ToTable("api_tokens");
            token.Property(t => t.Name).HasMaxLength(ApiTokenService.MaxNameLength);
            token.Property(t => t.PublicId).HasMaxLength(ApiTokenText.PublicIdLength);
            token.Property(t => t.SecretHash).HasMaxLength(64);
            token.Property(t => t.Scopes).HasMaxLength(200);
            token.Property(t => t.RevokedBy).HasMaxLength(254);
            token.HasIndex(t => t.PublicId).IsUnique();
            token.HasIndex(t => t.UserId);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            token.Ignore(t => t.ScopeList);
        }
    }
}
