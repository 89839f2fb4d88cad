using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace RustyOnions.Bridges.S3.Http;

/// <summary>S3 XML documents: response bodies in the 2006-03-01 namespace and error documents.</summary>
public static class S3Xml
{
    /// <summary>S3's document namespace.</summary>
    public static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>An element in S3's namespace.</summary>
    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>S3's timestamp form in XML (ISO 8601 with milliseconds, Z).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The error document. Message is never empty (awscli 2.9 crashes on an empty one).</summary>
    public static byte[] Error(string code, string message, string resource, string requestId)
    {
        var doc = new XElement(
            "Error",
            new XElement("Code", code),
            new XElement("Message", string.IsNullOrEmpty(message) ? code : message),
            new XElement("Resource", resource),
            new XElement("RequestId", requestId));
        return Serialize(doc);
    }

    /// <summary>UTF-8 bytes with an XML declaration.</summary>
    public static byte[] Serialize(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(w);
        }

        return ms.ToArray();
    }

    /// <summary>Parses a request body (DeleteObjects, CompleteMultipartUpload), mapping failures to MalformedXML.</summary>
    public static XElement Parse(byte[] body)
    {
        try
        {
            using var ms = new MemoryStream(body);
            using var r = XmlReader.Create(ms, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XElement.Load(r);
        }
        catch (XmlException e)
        {
            throw new S3Exception(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: " + e.Message);
        }
    }
}
