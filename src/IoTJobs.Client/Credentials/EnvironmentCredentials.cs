using Amazon.Runtime;
using IoTJobs.Client.Configuration;

namespace IoTJobs.Client.Credentials
{
    /// <summary>Credentials the environment names: keys, a web identity role, a container credentials endpoint.</summary>
    internal static class EnvironmentCredentials
    {
        /// <summary>AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their old names), with AWS_SESSION_TOKEN; null when unset.</summary>
        public static CredentialChoice? Keys()
        {
            var access = EnvironmentVariables.Get("AWS_ACCESS_KEY_ID") ?? EnvironmentVariables.Get("AWS_ACCESS_KEY");
            var secret = EnvironmentVariables.Get("AWS_SECRET_ACCESS_KEY") ?? EnvironmentVariables.Get("AWS_SECRET_KEY");
            if (access == null || secret == null) return null;
            var token = EnvironmentVariables.Get("AWS_SESSION_TOKEN");
            return token == null
                ? new CredentialChoice(new BasicAWSCredentials(access, secret), "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                : new CredentialChoice(new SessionAWSCredentials(access, secret, token), "environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
        }

        /// <summary>AWS_ROLE_ARN assumed with the AWS_WEB_IDENTITY_TOKEN_FILE token (as on EKS); null when either is unset.</summary>
        public static CredentialChoice? WebIdentity()
        {
            var roleArn = EnvironmentVariables.Get("AWS_ROLE_ARN");
            var tokenFile = EnvironmentVariables.Get("AWS_WEB_IDENTITY_TOKEN_FILE");
            if (roleArn == null || tokenFile == null) return null;
            return CredentialCache.ForEnvironment("web-identity\n" + roleArn + "\n" + tokenFile + "\n" + EnvironmentVariables.Get("AWS_ROLE_SESSION_NAME"), () =>
            {
                var session = EnvironmentVariables.Get("AWS_ROLE_SESSION_NAME") ?? ProfileCredentials.DefaultSessionName();
                var creds = new AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, session);
                return new CredentialChoice(creds,
                    $"web identity from the environment: role {roleArn} assumed with STS AssumeRoleWithWebIdentity (session '{session}', " +
                    $"token file {tokenFile}, from AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)");
            });
        }

        /// <summary>The container credentials endpoint (ECS, or any FULL_URI stand-in); null when neither variable is set.</summary>
        public static CredentialChoice? Container()
        {
            var full = EnvironmentVariables.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            var relative = EnvironmentVariables.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            if (full == null && relative == null) return null;
            var token = EnvironmentVariables.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
            var tokenFile = EnvironmentVariables.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
            return CredentialCache.ForEnvironment("container\n" + full + "\n" + relative + "\n" + token + "\n" + tokenFile, () =>
            {
                var where = relative != null ? $"http://169.254.170.2{relative} (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)" : $"{full} (AWS_CONTAINER_CREDENTIALS_FULL_URI)";
                var with = token != null ? ", with AWS_CONTAINER_AUTHORIZATION_TOKEN" : tokenFile != null ? ", with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" : "";
                return new CredentialChoice(new GenericContainerCredentials(), $"container credentials from {where}{with}");
            });
        }
    }
}
