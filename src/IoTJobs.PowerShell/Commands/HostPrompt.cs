using System;
using System.Management.Automation.Host;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// Whether anyone can answer a prompt in this host, decided before asking: used for confirmations (Confirmation)
    /// and for the MFA code (MfaPrompt).
    /// </summary>
    internal static class HostPrompt
    {
        /// <summary>
        /// Null when the host can ask a person; otherwise why it cannot. pwsh's console host reads prompt answers from
        /// standard input, so with input redirected (cron, CI, `echo "" | pwsh -Command ...`, `&lt; /dev/null`) an answer
        /// would come from a file or an empty line, not from a person, and at end of file the host fails inside
        /// PromptForChoice. A runspace without an interactive host (a thread job, an API caller) has nobody to ask.
        /// Other hosts (an editor, a test host, a remote session) are asked, and whatever they throw is handled by the
        /// caller as "cannot prompt".
        /// </summary>
        public static string? WhyCannotPrompt(PSHost? host)
        {
            if (host?.UI == null) return "there is no host to ask";
            if (string.Equals(host.Name, "Default Host", StringComparison.Ordinal))
                return "this PowerShell runspace has no interactive host to ask";
            if (string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal))
            {
                foreach (var arg in Environment.GetCommandLineArgs())
                {
                    // pwsh -NonInteractive (any unambiguous prefix from -noni on).
                    var a = arg.TrimStart('-', '/');
                    if (a.Length >= 4 && "noninteractive".StartsWith(a, StringComparison.OrdinalIgnoreCase))
                        return "PowerShell runs with -NonInteractive";
                }
                if (Console.IsInputRedirected) return "its standard input is redirected, not a terminal";
            }
            return null;
        }
    }
}
