namespace RustyOnions.Bridges.S3.Http;

/// <summary>How a GET is answered with respect to a Range header.</summary>
public enum RangeKind
{
    /// <summary>200 with the whole object.</summary>
    Whole,

    /// <summary>206 with Content-Range.</summary>
    Partial,

    /// <summary>416 with <c>Content-Range: bytes */len</c>.</summary>
    Unsatisfiable,
}
