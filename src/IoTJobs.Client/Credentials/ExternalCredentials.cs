using System.Collections;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.Runtime;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// Turns a credentials object this client's AWSSDK.Core did not make into one it can sign with. The usual source is
    /// another module's AWSSDK.Core (AWS.Tools' Get-AWSCredential): same type names, different types, because this
    /// client's AWSSDK.Core lives in the module's private load context. Accepted shapes, by duck typing:
    /// an object with GetCredentials() returning something with AccessKey/SecretKey/Token (any AWSCredentials);
    /// an object with AccessKey and SecretKey (and optionally Token or SessionToken) properties (ImmutableCredentials-like);
    /// a dictionary with those keys.
    /// </summary>
    public static class ExternalCredentials
    {
        internal const string ShapeHelp =
            "Pass an AWSCredentials object (for example from AWS.Tools' Get-AWSCredential, or " +
            "[Amazon.Runtime.BasicAWSCredentials]::new(key, secret) from any AWSSDK.Core), an object with AccessKey and SecretKey " +
            "(optionally Token or SessionToken) properties, or a hashtable with those keys.";

        /// <summary>The credentials to sign with, and a description for verbose output (never a secret).</summary>
        public static AWSCredentials Adapt(object value, out string description)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var type = value.GetType();

            if (value is AWSCredentials own)
            {
                description = $"explicit credentials object ({type.Name})";
                return own;
            }

            var origin = OriginOf(type);
            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (getCredentials != null && getCredentials.ReturnType != typeof(void))
            {
                // Basic and session credentials never change: read them once. Anything else (roles, SSO, instance profiles,
                // custom providers) may refresh, so it is asked again every time a request is signed.
                if (type.FullName == "Amazon.Runtime.BasicAWSCredentials" || type.FullName == "Amazon.Runtime.SessionAWSCredentials")
                {
                    var keys = ReadKeys(Invoke(getCredentials, value), type);
                    description = $"explicit credentials object ({type.Name} from {origin})";
                    return keys;
                }
                var getAsync = type.GetMethod("GetCredentialsAsync", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
                if (getAsync != null && !typeof(Task).IsAssignableFrom(getAsync.ReturnType)) getAsync = null;
                description = $"explicit credentials object ({type.Name} from {origin}, asked for keys on every request)";
                return new ReflectedAWSCredentials(value, getCredentials, getAsync);
            }

            if (HasKeyMembers(value))
            {
                description = value is IDictionary
                    ? "explicit credentials (AccessKey and SecretKey from a dictionary or object properties)"
                    : $"explicit credentials object ({type.Name} with AccessKey and SecretKey)";
                return ReadKeys(value, type);
            }

            throw new IoTJobsConfigurationException("Credentials",
                $"The -Credential value of type '{type.FullName}' cannot be used as AWS credentials: it has neither a GetCredentials() " +
                "method nor AccessKey and SecretKey properties. " + ShapeHelp);
        }

        private static string OriginOf(Type type)
        {
            var name = type.Assembly.GetName();
            return $"{name.Name} {FileVersion(type.Assembly) ?? name.Version?.ToString()}";
        }

        private static string? FileVersion(Assembly assembly)
        {
            try
            {
                return assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version;
            }
            catch (Exception)
            {
                return null; // a diagnostic only
            }
        }

        private static bool HasKeyMembers(object value)
        {
            if (value is IDictionary dictionary) return dictionary.Contains("AccessKey") && dictionary.Contains("SecretKey");
            var type = value.GetType();
            return type.GetProperty("AccessKey", BindingFlags.Public | BindingFlags.Instance) != null &&
                   type.GetProperty("SecretKey", BindingFlags.Public | BindingFlags.Instance) != null;
        }

        /// <summary>Reflection without its wrapper: the caller sees the credential provider's own exception.</summary>
        internal static object? Invoke(MethodInfo method, object target)
        {
            try
            {
                return method.Invoke(target, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw; // not reached
            }
        }

        /// <summary>Keys from an ImmutableCredentials-like object or dictionary, as this AWSSDK.Core's credentials.</summary>
        internal static AWSCredentials ReadKeys(object? keys, Type source)
        {
            var immutable = ReadImmutable(keys, source);
            return string.IsNullOrEmpty(immutable.Token)
                ? new BasicAWSCredentials(immutable.AccessKey, immutable.SecretKey)
                : (AWSCredentials)new SessionAWSCredentials(immutable.AccessKey, immutable.SecretKey, immutable.Token);
        }

        internal static ImmutableCredentials ReadImmutable(object? keys, Type source)
        {
            if (keys == null)
                throw new IoTJobsConfigurationException("Credentials",
                    $"The -Credential object of type '{source.FullName}' returned no credentials. " + ShapeHelp);
            var accessKey = Member(keys, "AccessKey");
            var secretKey = Member(keys, "SecretKey");
            var token = Member(keys, "Token") ?? Member(keys, "SessionToken");
            // Name the missing member, never a value: the secret key must not reach an error message.
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
                throw new IoTJobsConfigurationException("Credentials",
                    $"The -Credential object of type '{source.FullName}' has no {(string.IsNullOrEmpty(accessKey) ? "AccessKey" : "SecretKey")} value. " + ShapeHelp);
            return new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token);
        }

        private static string? Member(object keys, string name)
        {
            if (keys is IDictionary dictionary) return dictionary.Contains(name) ? dictionary[name]?.ToString() : null;
            var property = keys.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property == null || property.GetIndexParameters().Length != 0) return null;
            return property.GetValue(keys)?.ToString();
        }
    }
}
