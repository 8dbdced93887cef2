using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Operations
{
    /// <summary>STS's query-protocol answers: the GetCallerIdentityResult, and ErrorResponse/Error/{Type,Code,Message}.</summary>
    internal sealed class StsXml : IErrorReader
    {
        public static readonly StsXml Errors = new StsXml();

        private static readonly XmlReaderSettings Settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

        /// <exception cref="IoTServiceException">InvalidResponse: an HTTP 200 that is not a GetCallerIdentity result with an account.</exception>
        public static CallerIdentity CallerIdentity(byte[] body, Uri endpoint)
        {
            var root = Load(body);
            var result = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "GetCallerIdentityResult");
            var account = Child(result, "Account");
            if (!string.IsNullOrEmpty(account))
                return new CallerIdentity { Account = account!, Arn = Child(result, "Arn"), UserId = Child(result, "UserId") };
            var what = body.Length == 0 ? "an empty body"
                : root == null ? $"a {body.Length}-byte body that is not XML"
                : "XML without a GetCallerIdentityResult account";
            throw new IoTServiceException(ErrorCodes.InvalidResponse, 200,
                $"GetCallerIdentity failed: {ErrorCodes.InvalidResponse}: the service answered HTTP 200 with {what}; is {endpoint.GetLeftPart(UriPartial.Authority)} an AWS STS endpoint?", null)
            { Operation = "GetCallerIdentity" };
        }

        public Failure Read(string operation, HttpAnswer answer)
        {
            var root = Load(answer.Body);
            var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            var f = new Failure
            {
                Status = answer.Status,
                RequestId = answer.Header("x-amzn-RequestId") ?? Child(root, "RequestId"),
                DateHeader = answer.Header("Date"),
            };
            var message = Child(error, "Message");
            f.ServiceMessage = string.IsNullOrEmpty(message) ? null : message;
            f.Code = RestJsonErrors.Sanitize(Child(error, "Code")) ?? RestJsonErrors.Sanitize(answer.Header("x-amzn-ErrorType")) ??
                     ErrorCodes.HttpStatusPrefix + answer.Status.ToString(CultureInfo.InvariantCulture);
            var type = Child(error, "Type");
            if (!string.IsNullOrEmpty(type)) f.Extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["Type"] = type! };
            // Well-formed XML without an Error element (an XHTML error page) is described like any other foreign body.
            f.Message = $"{operation} failed: {f.Code}: {f.ServiceMessage ?? ErrorBodies.Describe(answer, "XML", error != null)}";
            return f;
        }

        private static XElement? Load(byte[] body)
        {
            if (body.Length == 0) return null;
            try
            {
                using var reader = XmlReader.Create(new MemoryStream(body), Settings);
                return XDocument.Load(reader).Root;
            }
            catch (XmlException)
            {
                return null;
            }
        }

        private static string? Child(XElement? parent, string localName) =>
            parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
    }
}
