using System.Collections.ObjectModel;
using System.Management.Automation.Host;
using System.Security;

namespace IoTJobs.PowerShell.Host
{
    /// <summary>
    /// The MFA code for a role profile with mfa_serial, asked for through the PowerShell host as AWS.Tools does: once,
    /// when a command starts (<see cref="PrepareCredentials"/>, on the pipeline thread, before anything is sent); the
    /// client then keeps the role for the session. A host that cannot ask (-NonInteractive, redirected standard input, a
    /// runspace without an interactive host) gets no prompt, and the command fails with an error naming the profile and
    /// its mfa_serial instead of waiting for input.
    /// </summary>
    internal sealed class MfaPrompt
    {
        private readonly PSCmdlet _cmdlet;
        private volatile bool _allowed;

        public MfaPrompt(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>Gets credentials that need a code now (not under -WhatIf, which sends nothing and so needs none).</summary>
        /// <exception cref="IoTJobsConfigurationException">No code could be had, or the role was refused.</exception>
        public void PrepareCredentials(ResolvedSettings settings)
        {
            if (!settings.NeedsMfaCode || WhatIfInEffect()) return;
            _allowed = true;
            try
            {
                ClientSettingsResolver.PrepareCredentials(settings);
            }
            finally
            {
                _allowed = false;
            }
        }

        /// <summary>The <see cref="ClientOptions.MfaCodeProvider"/>: the code typed, or null with the reason.</summary>
        public string? Ask(MfaCodeRequest request)
        {
            if (!_allowed)
            {
                request.UnavailableReason = "the role's session ran out while a command was running, and a code is only asked for when a command starts";
                return null;
            }
            var reason = HostPrompt.WhyCannotPrompt(_cmdlet.Host);
            if (reason != null)
            {
                request.UnavailableReason = reason;
                return null;
            }
            try
            {
                var field = new FieldDescription("Code")
                {
                    Label = "MFA code",
                    HelpMessage = $"The current code of MFA device {request.MfaSerial}.",
                };
                // Read like a password (not echoed), as the AWS CLI does.
                field.SetParameterType(typeof(SecureString));
                var answers = _cmdlet.Host.UI.Prompt($"MFA code for profile '{request.ProfileName}'",
                    $"Assuming role {request.RoleArn} needs the current code of MFA device {request.MfaSerial}.",
                    new Collection<FieldDescription> { field });
                object? value = answers != null && answers.TryGetValue("Code", out var answer) ? answer?.BaseObject : null;
                if (value is SecureString secure) value = new System.Net.NetworkCredential("", secure).Password;
                var code = value?.ToString();
                if (string.IsNullOrWhiteSpace(code)) request.UnavailableReason = "no code was entered";
                return code;
            }
            catch (Exception ex) when (ex is HostException || ex is PSInvalidOperationException || ex is NotImplementedException || ex is NotSupportedException)
            {
                request.UnavailableReason = $"this host cannot prompt ({ex.Message})";
                return null;
            }
        }

        private bool WhatIfInEffect()
        {
            if (!_cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey("WhatIf")) return false;
            if (_cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)) return LanguagePrimitives.IsTrue(whatIf);
            return LanguagePrimitives.IsTrue(_cmdlet.GetVariableValue("WhatIfPreference"));
        }
    }
}
