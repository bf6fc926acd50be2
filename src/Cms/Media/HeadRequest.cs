using Microsoft.AspNetCore.Http;

namespace PromoSite.Cms.Media;

/// <summary>
/// The site answers HEAD by running the GET pipeline with the body thrown away (Web's UseHeadAsGet),
/// so an endpoint sees GET. An endpoint whose body is costly to produce (a media object fetched from
/// a bucket) asks here whether anyone will read it.
/// </summary>
public static class HeadRequest
{
    private static readonly object Key = new();

    /// <summary>Said by the middleware that turns a HEAD into a GET.</summary>
    public static void MarkAsGet(HttpContext context) => context.Items[Key] = true;

    public static bool IsHead(HttpContext context) => HttpMethods.IsHead(context.Request.Method) || context.Items.ContainsKey(Key);
}

/// <summary>
/// A body of a known length that is never read: what a HEAD streams in place of the object, so the
/// headers (length, ranges, validators) come out as for GET and the store is asked only for metadata.
/// </summary>
internal sealed class HeadersOnlyStream(long length) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => 0;

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
