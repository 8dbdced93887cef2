using System.Text;
using System.Xml;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.Sts;

/// <summary>
/// An STS operation (the Query protocol, 2011-06-15): form parameters in, and out
/// &lt;{Name}Response&gt;&lt;{Name}Result&gt;...&lt;/&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;&lt;/&gt;&lt;/&gt; as text/xml.
/// </summary>
internal abstract class StsOperation(string name) : OperationHandler(name)
{
    public const string ApiVersion = "2011-06-15";
    public const string XmlNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    public const string ContentType = "text/xml";

    /// <summary>The value of the Action parameter this operation answers (its name).</summary>
    public string Action => Name;

    public sealed override OperationResponse Execute(OperationRequest request)
    {
        string? version = request.Input.Query("Version");
        if (version != null && version != ApiVersion)
            throw new EmulatorApiException(400, "InvalidAction", $"Could not find operation {Action} for version {version}.");
        var body = new MemoryStream();
        using (var x = XmlWriter.Create(body, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            x.WriteStartElement(Name + "Response", XmlNamespace);
            x.WriteStartElement(Name + "Result", XmlNamespace);
            WriteResult(request, x);
            x.WriteEndElement();
            x.WriteStartElement("ResponseMetadata", XmlNamespace);
            x.WriteElementString("RequestId", XmlNamespace, request.RequestId);
            x.WriteEndElement();
            x.WriteEndElement();
        }
        return new OperationResponse(body.ToArray(), ContentType);
    }

    /// <summary>Writes the members of the result, each as an element.</summary>
    protected abstract void WriteResult(OperationRequest request, XmlWriter x);
}
